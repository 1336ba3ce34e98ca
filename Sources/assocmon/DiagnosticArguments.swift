import ArgumentParser
import Logging

/// The audit log of events and the diagnostics log.
struct DiagnosticArguments: ParsableArguments {
    @Option(help: "Also append every event as a JSON line to this file (audit log; default: none).")
    var events: String?

    @Option(name: .customLong("log-file"),
            help: "Append diagnostics (see --log-level) to this file instead of stderr; with the curses front, the only way to keep them (default: stderr).")
    var logFile: String?

    @Option(name: .customLong("log-level"), help: "Diagnostics: trace, debug, info, notice, warning, error, critical.")
    var logLevel: Logger.Level = .info
}
