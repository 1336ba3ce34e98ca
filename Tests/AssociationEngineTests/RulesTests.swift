import AssociationEngine
import Foundation
import SCUTestClient
import Testing

/// `--rules`: the first matching rule decides (decidedBy "rule"); "remember" appends a rule, `save-rules` writes it.
@Suite(.timeLimit(.minutes(1)))
struct RulesTests {
    @Test func rulesDecideRememberAndSave() async throws {
        let path = NSTemporaryDirectory() + "assocmon-rules-\(UUID().uuidString).rules"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try "reject 1/1/3 calling=BADGUY\n".write(toFile: path, atomically: true, encoding: .utf8)
        let harness = try await EngineHarness { $0.rulesFile = path; $0.policy = .ask }
        defer { Task { await harness.stop() } }

        let bad = try await SCUTestClient.connect(port: harness.port)
        guard case .pdu(.associateRJ(let rj)) = try await bad.associate(SCUTestClient.associateRQ(calling: "BADGUY"))
        else { Issue.record("the rule did not reject"); return }
        #expect([rj.result, rj.source, rj.reason] == [1, 1, 3])
        #expect(await harness.waitFor { $0.rejected != nil }?.rejected?.decidedBy == .rule)
        bad.close()

        // A held request accepted with "remember": the next one from the same AE and address is accepted by rule.
        let first = try await SCUTestClient.connect(port: harness.port)
        try await first.send(.associateRQ(SCUTestClient.associateRQ(calling: "GOODGUY")))
        let held = try #require(await harness.waitFor { $0.requested?.callingAETitle == "GOODGUY" }?.requested)
        harness.engine.send(.accept(association: held.association, presentationContexts: nil, roleSelections: nil,
                                    remember: true))
        guard case .pdu(.associateAC) = await first.receive() else { Issue.record("no AC"); return }
        let added = try #require(await harness.waitFor { if case .ruleAdded = $0 { true } else { false } })
        guard case .ruleAdded(let rule) = added else { return }
        #expect(rule.rule.contains("GOODGUY") && rule.rule.contains("127.0.0.1"))
        let second = try await SCUTestClient.connect(port: harness.port)
        guard case .pdu(.associateAC) = try await second.associate(SCUTestClient.associateRQ(calling: "GOODGUY"))
        else { Issue.record("the remembered rule did not accept"); return }
        #expect(await harness.waitFor { $0.accepted?.decidedBy == .rule } != nil)

        harness.engine.send(.saveRules)
        try await Task.sleep(for: .milliseconds(200))
        let saved = try String(contentsOfFile: path, encoding: .utf8)
        #expect(saved.hasPrefix("reject 1/1/3 calling=BADGUY\n"))
        #expect(saved.contains(rule.rule))
        #expect(harness.events.allSatisfy { $0.errorMessage == nil })
    }

    @Test func anUnreadableRulesFileStopsTheStart() async throws {
        let path = NSTemporaryDirectory() + "assocmon-rules-\(UUID().uuidString).rules"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try "frobnicate everything\n".write(toFile: path, atomically: true, encoding: .utf8)
        var options = EngineOptions()
        options.port = 0
        options.bindHost = "127.0.0.1"
        options.rulesFile = path
        options.noStore = true
        let engine = AssociationEngine(options: options)
        await #expect(throws: EngineError.self) { try await engine.start() }
    }
}
