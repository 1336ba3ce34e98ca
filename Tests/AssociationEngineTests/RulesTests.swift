import AssociationEngine
import Foundation
import SCUTestClient
import TestSupport
import Testing

/// `--rules`: the first matching rule decides (decidedBy "rule"); "remember" appends a rule, `save-rules` writes it.
@Suite(.timeLimit(.minutes(1)))
struct RulesTests {
    @Test func rulesDecideRememberAndSave() async throws {
        let path = NSTemporaryDirectory() + "assocmon-rules-\(UUID().uuidString).rules"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try "reject 1/1/3 calling=BADGUY\n".write(toFile: path, atomically: true, encoding: .utf8)
        try await withEngine(configure: { $0.rulesFile = path; $0.policy = .ask }) { harness in
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
    }

    @Test func aRememberedRuleDecidesTheRequestsAlreadyWaiting() async throws {
        let path = NSTemporaryDirectory() + "assocmon-rules-\(UUID().uuidString).rules"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try await withEngine(configure: { $0.rulesFile = path; $0.policy = .ask }) { harness in
            // Four requests from MODALITY, two from SCANNER, one from OTHER, all held in Sta3.
            var clients: [(String, SCUTestClient)] = []
            defer { for (_, client) in clients { client.close() } }
            for calling in ["MODALITY", "SCANNER", "MODALITY", "OTHER", "MODALITY", "SCANNER", "MODALITY"] {
                let client = try await SCUTestClient.connect(port: harness.port)
                try await client.send(.associateRQ(SCUTestClient.associateRQ(calling: calling)))
                clients.append((calling, client))
            }
            let allHeld = await harness.waitFor { _ in harness.events.compactMap(\.requested).count == 7 }
            #expect(allHeld != nil)
            let held = harness.events.compactMap(\.requested)
            let modality = held.filter { $0.callingAETitle == "MODALITY" }.map(\.association)
            let scanner = held.filter { $0.callingAETitle == "SCANNER" }.map(\.association)

            harness.engine.send(.accept(association: modality[0], presentationContexts: nil, roleSelections: nil,
                                        remember: true))
            let added = try #require(await harness.waitFor { if case .ruleAdded = $0 { true } else { false } })
            guard case .ruleAdded(let rule) = added else { return }
            #expect(rule.decidedWaiting == 3)
            for (calling, client) in clients where calling == "MODALITY" {
                guard case .pdu(.associateAC) = await client.receive() else { Issue.record("no AC"); return }
            }
            let byRule = harness.events.compactMap(\.accepted).filter { $0.decidedBy == .rule }.map(\.association)
            #expect(Set(byRule) == Set(modality.dropFirst()))
            #expect(harness.events.compactMap(\.accepted).first { $0.association == modality[0] }?.decidedBy == .operator)
            // The accepted events of the waiting requests come before rule-added.
            let addedIndex = harness.events.firstIndex { if case .ruleAdded = $0 { true } else { false } } ?? 0
            #expect(harness.events[..<addedIndex].compactMap(\.accepted).count == 4)

            // A remembered reject decides the other SCANNER request with the same triple; OTHER still waits.
            harness.engine.send(.reject(association: scanner[0], result: 1, source: 1, reason: 3, remember: true))
            let rejected = await harness.waitFor { _ in
                harness.events.compactMap(\.rejected).filter { $0.decidedBy == .rule }.count == 1
            }
            #expect(rejected != nil)
            let ruleReject = harness.events.compactMap(\.rejected).first { $0.decidedBy == .rule }
            #expect(ruleReject?.association == scanner[1])
            #expect([ruleReject?.result, ruleReject?.source, ruleReject?.reason] == [1, 1, 3])
            for (calling, client) in clients where calling == "SCANNER" {
                guard case .pdu(.associateRJ) = await client.receive() else { Issue.record("no RJ"); return }
            }
            let other = try #require(held.first { $0.callingAETitle == "OTHER" })
            #expect(!harness.events(of: other.association).contains { $0.accepted != nil || $0.rejected != nil })
            #expect(harness.events.allSatisfy { $0.errorMessage == nil })
        }
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
