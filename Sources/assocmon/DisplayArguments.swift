import ArgumentParser
import MonitorUI

/// The curses front, or none.
struct DisplayArguments: ParsableArguments {
    @Flag(help: "No curses: events as JSON lines on stdout, commands as JSON lines on stdin (default: off).")
    var headless = false

    @Flag(name: .customLong("events-data-sets"), help: "dimse events in the JSON lines (stdout with --headless, and --events FILE) carry each received message's command set and data set prefix as a tag list, \"elements\" (default: off).")
    var eventsDataSets = false

    @Flag(name: .customLong("no-color"), help: "Monochrome front (default: off, on when NO_COLOR is set).")
    var noColor = false

    @Flag(help: "Let mouse clicks select rows and tabs in the front (default: off).")
    var mouse = false

    @Option(help: ArgumentHelp("Finished associations the front keeps in memory; the oldest are let go first, --events FILE keeps all (default: 10000, range 0–10000000).", valueName: "n"))
    var history: Int = FinishedHistory.defaultLimit

    @Flag(help: "Send built-in demo traffic to ourselves over loopback: stores, echoes, rejects, an abort (default: off).")
    var demo = false

    @Option(help: "With --demo: the seed of the demo stream; the same seed sends the same stream (default: 1).")
    var seed: UInt64?

    func validate() throws {
        guard (0...10_000_000).contains(history) else {
            throw ValidationError("--history must be between 0 and 10000000, not \(history)")
        }
        if seed != nil, !demo { throw ValidationError("--seed only applies with --demo") }
    }
}
