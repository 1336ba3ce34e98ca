/// An error the engine reports to whoever started it. A public struct over a private code, so that cases can be
/// added later (swift-service-lifecycle's `ServiceRunnerError`). Messages say what happened and what to do.
public struct EngineError: Error, Sendable, Equatable, CustomStringConvertible {
    enum Code: Sendable, Equatable {
        case portInUse(port: Int)
        case tlsPortInUse(port: Int)
        case bindFailed(host: String, port: Int, reason: String, option: String)
        case alreadyStarted
        case invalidOption(String)
    }

    let code: Code

    public static func portInUse(_ port: Int) -> EngineError { EngineError(code: .portInUse(port: port)) }
    /// The DICOM TLS port (PS3.15 Annex B) is taken.
    public static func tlsPortInUse(_ port: Int) -> EngineError { EngineError(code: .tlsPortInUse(port: port)) }
    /// Binding failed for another reason; `option` names the port option to check (`--port` or `--tls-port`).
    public static func bindFailed(host: String, port: Int, reason: String, option: String = "--port") -> EngineError {
        EngineError(code: .bindFailed(host: host, port: port, reason: reason, option: option))
    }
    public static var alreadyStarted: EngineError { EngineError(code: .alreadyStarted) }
    public static func invalidOption(_ message: String) -> EngineError { EngineError(code: .invalidOption(message)) }

    public var isPortInUse: Bool {
        switch code {
        case .portInUse, .tlsPortInUse: true
        default: false
        }
    }

    public var description: String {
        switch code {
        case .portInUse(let port): "port \(port) is in use; pick another with --port"
        case .tlsPortInUse(let port): "TLS port \(port) is in use; pick another with --tls-port"
        case .bindFailed(let host, let port, let reason, let option):
            "cannot listen on \(host):\(port): \(reason); check --bind and \(option)"
        case .alreadyStarted: "the engine is already running"
        case .invalidOption(let message): message
        }
    }
}
