/// Why the curses front cannot start; every message points to headless mode.
public struct TerminalUnavailable: Error, CustomStringConvertible, Equatable {
    public let description: String

    static let notATerminal = TerminalUnavailable(description:
        "standard input/output is not a terminal, so the curses front cannot start; run with --headless "
        + "(JSON-lines events on stdout, commands on stdin) or start assocmon from a terminal")
    static func unknownTerminal(_ term: String) -> TerminalUnavailable {
        TerminalUnavailable(description:
            "the terminal type TERM=\"\(term)\" is unknown to ncurses (or unusable); set TERM (e.g. xterm-256color) "
            + "or run with --headless")
    }
}
