/// How the curses front looks and behaves (from the command line and environment).
public struct MonitorOptions: Sendable {
    /// `--no-color`, or `NO_COLOR` set to anything non-empty (no-color.org).
    public var monochrome: Bool
    /// `--mouse`: button-1 clicks select rows and tabs.
    public var mouse: Bool
    public var naming: UIDNaming

    public init(monochrome: Bool = false, mouse: Bool = false, naming: UIDNaming = .standard) {
        self.monochrome = monochrome; self.mouse = mouse; self.naming = naming
    }

    /// `true` when the environment asks for no colour (`NO_COLOR` present and not empty).
    public static func noColorRequested(_ environment: [String: String]) -> Bool {
        !(environment["NO_COLOR"] ?? "").isEmpty
    }
}
