import ArgumentParser

/// The curses front, or none.
struct DisplayArguments: ParsableArguments {
    @Flag(help: "No curses: events as JSON lines on stdout, commands as JSON lines on stdin (default: off).")
    var headless = false

    @Flag(name: .customLong("no-color"), help: "Monochrome front (default: off, on when NO_COLOR is set).")
    var noColor = false

    @Flag(help: "Let mouse clicks select rows and tabs in the front (default: off).")
    var mouse = false
}
