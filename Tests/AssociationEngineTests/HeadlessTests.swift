import Foundation
import Testing
import TestSupport

/// `assocmon --headless` as a user runs it: JSON lines out, commands in, SIGTERM to stop.
@Suite(.timeLimit(.minutes(1)))
struct HeadlessTests {
    /// A running `assocmon --headless`: its stdout lines, its stderr, commands written to its stdin.
    final class Running: Sendable {
        let process: Subprocess

        init(_ arguments: [String]) throws {
            process = try Subprocess([try BuiltProducts.executable("assocmon"), "--headless"] + arguments, input: .pipe)
        }

        var output: [String] { process.stdoutLines }
        var stderr: String { process.stderr }

        func send(_ line: String) {
            process.send(line + "\n")
        }

        func waitForLine(_ timeout: Duration = .seconds(10), containing text: String) async -> String? {
            let deadline = ContinuousClock.now + timeout
            while ContinuousClock.now < deadline {
                if let line = output.first(where: { $0.contains(text) }) { return line }
                try? await Task.sleep(for: .milliseconds(20))
            }
            return output.first(where: { $0.contains(text) })
        }

        var port: Int? {
            get async {
                guard let line = await waitForLine(containing: #""event":"listening""#),
                      let range = line.range(of: #"0\.0\.0\.0:\d+|127\.0\.0\.1:\d+"#, options: .regularExpression)
                else { return nil }
                return Int(line[range].split(separator: ":").last ?? "")
            }
        }

        /// Waits for the process to exit (bounded); kills it by pid if it overruns.
        func waitForExit(_ timeout: Duration = .seconds(15)) async -> Int32? {
            await process.wait(timeout: timeout)
        }
    }

    @Test func echoscuHeldAcceptedThroughStdinThenSIGTERM() async throws {
        let audit = NSTemporaryDirectory() + "assocmon-events-\(UUID().uuidString).jsonl"
        defer { try? FileManager.default.removeItem(atPath: audit) }
        let running = try Running(["--port", "0", "--bind", "127.0.0.1", "--events", audit, "--no-store"])
        let port = try #require(await running.port, "\(running.stderr)")
        #expect(running.stderr.contains("listening on port \(port)"))
        async let echo = Subprocess.run("/usr/bin/echoscu", ["-aet", "ECHOSCU", "-aec", "ASSOCMON", "127.0.0.1",
                                                              "\(port)"])
        let requested = try #require(await running.waitForLine(containing: #""event":"association-requested""#))
        #expect(requested.contains(#""state":"Sta3""#) && requested.contains(#""deadline":"#))
        running.send("this is not json")
        #expect(await running.waitForLine(containing: #""event":"error""#) != nil)
        running.send(#"{"command":"accept","association":1}"#)
        let outcome = try await echo
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(await running.waitForLine(containing: #""event":"connection-closed""#) != nil)
        running.process.signal(SIGTERM)
        #expect(await running.waitForExit() == 0)
        #expect(running.output.contains { $0.contains(#""event":"stopping""#) })
        let names = running.output.compactMap { line -> String? in
            line.range(of: #""event":"[a-z-]+""#, options: .regularExpression).map { String(line[$0]) }
        }
        #expect(names.contains(#""event":"dimse""#))
        let auditLines = try String(contentsOfFile: audit, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(auditLines == running.output, "the --events file holds the same lines")
    }

    @Test func logFileReceivesTheDiagnostics() async throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("assocmon-logfile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let log = directory.appendingPathComponent("assocmon.log").path
        let running = try Running(["--port", "0", "--bind", "127.0.0.1", "--log-file", log, "--log-level", "debug"])
        #expect(await running.waitForLine(containing: #""event":"listening""#) != nil)
        running.process.signal(SIGTERM)
        #expect(await running.waitForExit() == 0)
        let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        #expect(text.contains("listening on 127.0.0.1:"), "log file: \(text)")
        #expect(!running.stderr.contains("listening on 127.0.0.1:"), "diagnostics went to the file, not stderr")
    }

    @Test func unopenableLogFileIsAClearError() async throws {
        let running = try Running(["--port", "0", "--log-file", "/nonexistent-dir/x/assocmon.log"])
        let status = await running.waitForExit()
        #expect(status != nil && status != 0)
        #expect(running.stderr.contains("cannot open --log-file /nonexistent-dir/x/assocmon.log"))
    }

    @Test func portInUseIsAOneLineError() async throws {
        try await withEngine { harness in
            let running = try Running(["--port", "\(harness.port)", "--bind", "127.0.0.1"])
            let status = await running.waitForExit()
            #expect(status != nil && status != 0)
            #expect(running.stderr.contains("port \(harness.port) is in use; pick another with --port"))
        }
    }
}
