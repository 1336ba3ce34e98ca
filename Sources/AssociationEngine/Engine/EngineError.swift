/// An error the engine reports to whoever started it. A public struct over a private code, so that cases can be
/// added later (STYLE.md, swift-service-lifecycle's `ServiceRunnerError`). Messages say what happened and what to do.
public struct EngineError: Error, Sendable, Equatable, CustomStringConvertible {
    enum Code: Sendable, Equatable {
        case portInUse(port: Int)
        case bindFailed(host: String, port: Int, reason: String)
        case alreadyStarted
        case invalidOption(String)
    }

    let code: Code

    public static func portInUse(_ port: Int) -> EngineError { EngineError(code: .portInUse(port: port)) }
    public static func bindFailed(host: String, port: Int, reason: String) -> EngineError {
        EngineError(code: .bindFailed(host: host, port: port, reason: reason))
    }
    public static var alreadyStarted: EngineError { EngineError(code: .alreadyStarted) }
    public static func invalidOption(_ message: String) -> EngineError { EngineError(code: .invalidOption(message)) }

    public var isPortInUse: Bool { if case .portInUse = code { true } else { false } }

    public var description: String {
        switch code {
        case .portInUse(let port): "port \(port) is in use; pick another with --port"
        case .bindFailed(let host, let port, let reason):
            "cannot listen on \(host):\(port): \(reason); check --bind and --port"
        case .alreadyStarted: "the engine is already running"
        case .invalidOption(let message): message
        }
    }
}
