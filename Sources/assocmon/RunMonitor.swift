import ArgumentParser
import AssociationEngine
import AssociationEvents
import Foundation
import MonitorUI

/// The curses path of `assocmon`: checks for a terminal before binding anything, starts the engine, pumps its
/// events into the front (and the `--events` audit log), runs the front on its own thread until the person quits
/// or a signal arrives, then stops the engine gracefully. The terminal is restored before any error is printed.
enum RunMonitor {
    static func run(engine: AssociationEngine, auditLog: EventLineWriter?, noColor: Bool, mouse: Bool,
                    history: Int, logDestination: LogDestination, demo: DemoLauncher? = nil) async throws {
        do {
            try CursesMonitor.checkTerminal()
        } catch {
            printError("\(error)")
            throw ExitCode(2)
        }
        // Diagnostics on stderr would scribble over the screen: send them to --log-file, or silence them, while
        // curses owns the terminal (the engine's errors reach the front as events); stderr comes back for the
        // final messages.
        let savedStandardError = dup(STDERR_FILENO)
        let quiet = logDestination.descriptorWhileScreenIsInUse()
        if savedStandardError >= 0, quiet >= 0 { dup2(quiet, STDERR_FILENO) }
        if quiet >= 0 { close(quiet) }
        defer {
            if savedStandardError >= 0 {
                dup2(savedStandardError, STDERR_FILENO)
                close(savedStandardError)
            }
        }
        do {
            try await engine.start()
        } catch {
            if savedStandardError >= 0 { dup2(savedStandardError, STDERR_FILENO) }
            printError("\(error)")
            throw ExitCode(2)
        }
        let environment = ProcessInfo.processInfo.environment
        let options = MonitorOptions(monochrome: noColor || MonitorOptions.noColorRequested(environment), mouse: mouse,
                                     historyLimit: history)
        let monitor = CursesMonitor(options: options) { command in engine.send(command) }
        let pump = Task {
            let encoder = JSONLines.Encoder()
            var line: [UInt8] = []
            for await event in engine.events {
                auditLog?.enqueue(event, using: encoder, scratch: &line)
                monitor.post(event)
                // A front that stops drawing leaves events in the engine's queue, which has a ceiling.
                await monitor.waitForRoom(limit: engine.options.eventBacklogLimit)
            }
            auditLog?.flush()
            monitor.terminate(reason: "engine stopped")
        }
        demo?.start(port: engine.port)
        let outcome: Result<Void, any Error> = await withCheckedContinuation { continuation in
            let thread = Thread {
                do {
                    try monitor.run()
                    continuation.resume(returning: .success(()))
                } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
            thread.name = "assocmon-curses"
            thread.start()
        }
        // The front has ended (and called endwin): stop the engine, then let the audit log see the last events.
        await engine.shutdown(reason: "front closed")
        await pump.value
        if case .failure(let error) = outcome {
            if savedStandardError >= 0 { dup2(savedStandardError, STDERR_FILENO) }
            printError("\(error)")
            throw ExitCode(2)
        }
    }

    private static func printError(_ message: String) {
        FileHandle.standardError.write(Data("assocmon: \(message)\n".utf8))
    }
}
