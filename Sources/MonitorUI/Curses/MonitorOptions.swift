/// How the curses front looks and behaves (from the command line and environment).
public struct MonitorOptions: Sendable {
    /// `--no-color`, or `NO_COLOR` set to anything non-empty (no-color.org).
    public var monochrome: Bool
    /// `--mouse`: button-1 clicks select rows and tabs.
    public var mouse: Bool
    public var naming: UIDNaming
    /// `--history`: finished associations kept in memory (oldest dropped first).
    public var historyLimit: Int

    public init(monochrome: Bool = false, mouse: Bool = false, naming: UIDNaming = .standard,
                historyLimit: Int = FinishedHistory.defaultLimit) {
        self.monochrome = monochrome; self.mouse = mouse; self.naming = naming; self.historyLimit = historyLimit
    }

    /// `true` when the environment asks for no colour (`NO_COLOR` present and not empty).
    public static func noColorRequested(_ environment: [String: String]) -> Bool {
        !(environment["NO_COLOR"] ?? "").isEmpty
    }
}
