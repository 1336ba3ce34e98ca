import Foundation
import TestSupport
import Testing

/// `assocmon --headless --demo`: the built-in requestors reach every end state they provoke, and a seed repeats
/// the stream.
@Suite(.timeLimit(.minutes(2)))
struct DemoHeadlessTests {
    struct Run {
        var events: [[String: Any]]
        var stored: [String]
    }

    /// Runs the demo with `--policy accept` until every connection it opened has closed, then SIGTERM.
    func runDemo(seed: Int) async throws -> Run {
        let directory = NSTemporaryDirectory() + "assocmon-demo-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let running = try HeadlessTests.Running(["--port", "0", "--bind", "127.0.0.1", "--policy", "accept",
                                                 "--demo", "--seed", "\(seed)", "--storage-dir", directory])
        let deadline = ContinuousClock.now + .seconds(40)
        func count(_ name: String) -> Int { running.output.filter { $0.contains(#""event":"\#(name)""#) }.count }
        while ContinuousClock.now < deadline,
              !running.stderr.contains("demo traffic sent") || count("connection-opened") != count("connection-closed") {
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(running.stderr.contains("seed \(seed)"), "\(running.stderr)")
        #expect(running.stderr.contains("demo traffic sent"), "\(running.stderr)")
        running.process.signal(SIGTERM)
        #expect(await running.waitForExit() == 0)
        let events = running.output.compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
        }
        #expect(events.count == running.output.count, "every line is a JSON object")
        let files = FileManager.default.enumerator(atPath: directory)?.compactMap { $0 as? String }
            .filter { $0.hasSuffix(".dcm") } ?? []
        for file in files {
            let data = try Data(contentsOf: URL(fileURLWithPath: directory + "/" + file))
            #expect(data.count > 132 && data[128..<132] == Data("DICM".utf8), "\(file) is a Part-10 file")
        }
        return Run(events: events, stored: files.sorted())
    }

    @Test func demoReachesEveryEndStateItProvokesAndASeedRepeatsIt() async throws {
        let first = try await runDemo(seed: 7)
        func named(_ name: String, in run: Run) -> [[String: Any]] { run.events.filter { $0["event"] as? String == name } }
        let requested = named("association-requested", in: first)
        #expect(requested.count >= 8)
        #expect(!named("association-accepted", in: first).isEmpty)
        #expect(named("association-rejected", in: first).contains { $0["reason"] as? Int == 2 },
                "the wrong application context name is rejected 1/1/2")
        #expect(!named("released", in: first).isEmpty)
        #expect(named("aborted", in: first).contains { $0["by"] as? String == "peer" }, "the mid-store abort")
        let stored = named("stored", in: first)
        #expect(stored.count >= 5 && stored.count == first.stored.count, "every stored event left one file")
        #expect(named("error", in: first).isEmpty, "\(named("error", in: first))")
        #expect(named("connection-opened", in: first).count == named("connection-closed", in: first).count)
        // What the front needs to show: 128 contexts, a called AE title that is not ours, user identity, a
        // context answered 4 (transfer-syntaxes-not-supported).
        #expect(requested.contains { ($0["presentationContexts"] as? [Any])?.count == 128 })
        #expect(requested.contains { $0["calledAETitleMismatch"] as? Bool == true })
        #expect(requested.contains { $0["userIdentity"] is [String: Any] })
        #expect(requested.contains { request in
            let proposal = request["proposal"] as? [String: Any]
            let contexts = proposal?["presentationContexts"] as? [[String: Any]] ?? []
            return !contexts.isEmpty && contexts.allSatisfy { $0["result"] as? Int == 4 }
        })

        let again = try await runDemo(seed: 7)
        #expect(again.stored == first.stored, "the same seed stores the same SOP instances")
        let callers = { (run: Run) in named("association-requested", in: run).compactMap { $0["callingAETitle"] as? String } }
        // The requestors run concurrently, so which of two arrives first may change with the machine's load; who
        // comes, and how often, may not.
        #expect(callers(again).sorted() == callers(first).sorted())
    }

    @Test func aSeedWithoutDemoIsAUsageError() async throws {
        let running = try HeadlessTests.Running(["--port", "0", "--seed", "3"])
        let status = await running.waitForExit()
        #expect(status != nil && status != 0)
        #expect(running.stderr.contains("--seed only applies with --demo"), "\(running.stderr)")
    }
}
