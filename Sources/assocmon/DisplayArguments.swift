import ArgumentParser

/// The curses front, or none.
struct DisplayArguments: ParsableArguments {
    @Flag(help: "No curses: events as JSON lines on stdout, commands as JSON lines on stdin (default: off).")
    var headless = false

    @Flag(name: .customLong("no-color"), help: "Monochrome front (default: off, on when NO_COLOR is set).")
    var noColor = false

    @Flag(help: "Let mouse clicks select rows and tabs in the front (default: off).")
    var mouse = false

    @Flag(help: "Send built-in demo traffic to ourselves over loopback: stores, echoes, rejects, an abort (default: off).")
    var demo = false

    @Option(help: "With --demo: the seed of the demo stream; the same seed sends the same stream (default: 1).")
    var seed: UInt64?

    func validate() throws {
        if seed != nil, !demo { throw ValidationError("--seed only applies with --demo") }
    }
}
