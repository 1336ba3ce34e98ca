import Foundation
import Testing
import TestSupport

/// Tap mode as a user starts it, `assocmon --headless` with the options on its command line, in front of the
/// pynetdicom PACS of `peers/tap_pacs.py`, which rejects any called AE title but its own (1/1/7).
@Suite(.serialized, .timeLimit(.minutes(2)))
struct HeadlessTapTests {
    static let echoscu = "/usr/bin/echoscu"

    /// `--forward HOST:PORT --forward-called-ae AE`: every association goes to that PACS with the called AE title
    /// rewritten, so echoscu calling "ASSOCMON" is answered by the PACS called "ARCHIVE".
    @Test func forwardAndCalledAETitleFromTheCommandLine() async throws {
        let (pacs, upstreamPort, lines) = try await TapPeers.pacs(title: "ARCHIVE", maxPDU: 16_384)
        defer { pacs.stop() }
        let running = try HeadlessTests.Running([
            "--port", "0", "--bind", "127.0.0.1", "--policy", "accept", "--no-store",
            "--forward", "127.0.0.1:\(upstreamPort)", "--forward-called-ae", "ARCHIVE",
        ])
        defer { running.process.signal(SIGTERM) }
        let port = try #require(await running.port, "\(running.stderr)")
        let outcome = try await Subprocess.run(Self.echoscu, ["-aet", "MODALITY", "-aec", "ASSOCMON", "127.0.0.1",
                                                               "\(port)"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(await lines.wait(for: { $0 == "ECHO" }) != nil, "the C-ECHO reached the PACS")
        let accepted = try #require(await running.waitForLine(containing: #""event":"association-accepted""#))
        #expect(accepted.contains(#""address":"127.0.0.1:\#(upstreamPort)""#), "\(accepted)")
        #expect(accepted.contains(#""calledAETitle":"ARCHIVE""#), "\(accepted)")
        #expect(await running.waitForLine(containing: #""leg":"upstream""#) != nil)
    }

    /// A rules file's `forward` picks the upstream by peer address and called AE title: a request that matches
    /// goes to the PACS (its called AE title rewritten by the rule); one that does not is answered by assocmon.
    @Test func aForwardRuleMatchesOnPeerAndCalledAETitle() async throws {
        let (pacs, upstreamPort, lines) = try await TapPeers.pacs(title: "ARCHIVE", maxPDU: 16_384)
        defer { pacs.stop() }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tap-rules-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let rules = directory.appendingPathComponent("tap.rules")
        try "forward 127.0.0.1:\(upstreamPort) called-ae ARCHIVE peer=127.0.0.0/8 called=VIA*\n"
            .write(to: rules, atomically: true, encoding: .utf8)
        let running = try HeadlessTests.Running([
            "--port", "0", "--bind", "127.0.0.1", "--policy", "accept", "--no-store", "--rules", rules.path,
        ])
        defer { running.process.signal(SIGTERM) }
        let port = try #require(await running.port, "\(running.stderr)")
        for called in ["VIA-PACS", "ASSOCMON"] {
            let outcome = try await Subprocess.run(Self.echoscu, ["-aet", "MODALITY", "-aec", called, "127.0.0.1",
                                                                   "\(port)"])
            #expect(outcome.status == 0, "\(called): \(outcome.stderr)")
        }
        #expect(await lines.wait(for: { $0 == "ECHO" }) != nil, "the matching request reached the PACS")
        #expect(await running.waitForLine(containing: #""association":2,"decidedBy""#) != nil)
        let accepted = running.output.filter { $0.contains(#""event":"association-accepted""#) }
        try #require(accepted.count == 2, "\(accepted)")
        #expect(accepted[0].contains(#""calledAETitle":"ARCHIVE""#), "\(accepted[0])")
        #expect(!accepted[1].contains(#""forward":"#), "ASSOCMON matches no rule: assocmon answers it")
        #expect(pacs.stdoutLines.filter { $0 == "ECHO" }.count == 1)
    }
}
