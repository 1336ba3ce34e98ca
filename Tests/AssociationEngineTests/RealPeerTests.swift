import AssociationEngine
import AssociationEvents
import Foundation
import TestSupport
import Testing

/// The engine against DCMTK's echoscu/storescu and pynetdicom on 127.0.0.1.
@Suite(.timeLimit(.minutes(2)))
struct RealPeerTests {
    static let echoscu = "/usr/bin/echoscu"

    @Test func echoscuPlain() async throws {
        try await withEngine(configure: { $0.policy = .accept }) { harness in
            let outcome = try await Subprocess.run(Self.echoscu, ["-aet", "ECHOSCU", "-aec", "ASSOCMON", "127.0.0.1",
                                                                   "\(harness.port)"])
            #expect(outcome.status == 0, "\(outcome.stderr)")
            let requested = try #require(await harness.waitFor { $0.requested != nil }?.requested)
            #expect(requested.callingAETitle == "ECHOSCU")
            #expect(requested.implementation == "DCMTK")
            #expect(await harness.waitFor { $0.dimseMessage?.command == "C-ECHO-RSP" }?.dimseMessage?.status == 0)
            #expect(await harness.waitFor { $0.isClosed } != nil)
        }
    }

    @Test func echoscuProposing128Contexts() async throws {
        try await withEngine(configure: { $0.policy = .accept }) { harness in
            let outcome = try await Subprocess.run(Self.echoscu, ["-aet", "ECHOSCU", "-aec", "ASSOCMON",
                                                                   "--propose-pc", "128", "--propose-ts", "3",
                                                                   "127.0.0.1", "\(harness.port)"])
            #expect(outcome.status == 0, "\(outcome.stderr)")
            let requested = try #require(await harness.waitFor { $0.requested != nil }?.requested)
            #expect(requested.presentationContexts.count == 128)
            #expect(requested.presentationContexts.last?.id == 255)
            let accepted = try #require(await harness.waitFor { $0.accepted != nil }?.accepted)
            #expect(accepted.presentationContexts.count == 128)
            #expect(accepted.presentationContexts.allSatisfy { $0.result == 0 })
        }
    }

    @Test func echoscuHeldUntilAcceptCommand() async throws {
        try await withEngine(configure: { $0.policy = .ask }) { harness in
            async let run = Subprocess.run(Self.echoscu, ["-aet", "ECHOSCU", "-aec", "ASSOCMON", "127.0.0.1",
                                                           "\(harness.port)"])
            let requested = try #require(await harness.waitFor { $0.requested != nil }?.requested)
            try await Task.sleep(for: .milliseconds(300))
            #expect(harness.events.contains { $0.accepted != nil } == false, "held in Sta3")
            harness.engine.send(.accept(association: requested.association, presentationContexts: nil,
                                        roleSelections: nil, remember: false))
            let outcome = try await run
            #expect(outcome.status == 0, "\(outcome.stderr)")
            #expect(await harness.waitFor { $0.accepted?.decidedBy == .operator } != nil)
        }
    }

    @Test func echoscuHeldUntilTimeoutIsRejected() async throws {
        try await withEngine(configure: { $0.policy = .ask; $0.decisionTimeout = 0.5 }) { harness in
            let outcome = try await Subprocess.run(Self.echoscu, ["-aet", "ECHOSCU", "-aec", "ASSOCMON", "127.0.0.1",
                                                                   "\(harness.port)"])
            #expect(outcome.status != 0)
            #expect((outcome.stderr + outcome.stdout).contains("Rejected"))
            #expect(await harness.waitFor { $0.rejected != nil }?.rejected?.decidedBy == .timeout)
        }
    }

    // MARK: - pynetdicom

    struct PyResult: Decodable {
        struct Context: Decodable {
            var id: Int
            var abstractSyntax: String
            var result: Int
            var transferSyntax: String?
            var scuRole: Bool?
            var scpRole: Bool?
        }
        struct Triple: Decodable { var result: Int; var source: Int; var reason: Int }
        var established: Bool
        var rejected: Triple?
        var contexts: [Context]
        var echoStatus: Int?
    }

    private func runPynetdicom(port: Int, extra: [String] = []) async throws -> (Subprocess.Outcome, PyResult?) {
        let script = PeerScripts.directory + "/pynetdicom_negotiate.py"
        let outcome = try await Subprocess.run("/usr/bin/env", ["python3", script, "\(port)"] + extra)
        let line = outcome.stdout.split(separator: "\n").last.map(String.init) ?? ""
        return (outcome, try? JSONDecoder().decode(PyResult.self, from: Data(line.utf8)))
    }

    @Test func pynetdicomNegotiationIsShownAndTheEditedDecisionIsWhatThePeerGets() async throws {
        try await withEngine(configure: { $0.policy = .ask }) { harness in
            async let run = runPynetdicom(port: harness.port, extra: ["--echo"])
            let requested = try #require(await harness.waitFor { $0.requested != nil }?.requested)
            #expect(requested.callingAETitle == "PYNETDICOM")
            #expect(requested.implementation == "pynetdicom")
            #expect(requested.roleSelections == [RoleSelection(sopClassUID: "1.2.840.10008.5.1.4.1.1.2", scuRole: 1,
                                                               scpRole: 1)])
            let identity = try #require(requested.userIdentity)
            #expect(identity.type == 2 && identity.primaryField == "alice" && identity.secondaryFieldLength == 15)
            let line = JSONLines.line(for: .associationRequested(requested))
            #expect(!line.contains("s3cret"))
            #expect(!line.contains(Data("s3cret-passcode".utf8).map { String(format: "%02x", $0) }.joined()),
                    "not even as hex in raw")
            let rawText = String(decoding: requested.raw, as: UTF8.self)
            #expect(rawText.contains(String(repeating: "*", count: 15)) && !rawText.contains("s3cret"), "masked in place")
            #expect(!requested.raw.isEmpty)
            #expect(requested.extendedNegotiations.first?.applicationInformation == "02000100")
            #expect(requested.maxOperationsInvoked == 5 && requested.maxOperationsPerformed == 3)
            let ids = requested.presentationContexts.map(\.id)
            #expect(ids == [1, 3, 5])
            // Accept verification, take Implicit VR for CT (the SCU proposed Explicit first), reject MR by the user.
            harness.engine.send(.accept(association: requested.association, presentationContexts: [
                ContextDecision(id: 3, result: 0, transferSyntax: "1.2.840.10008.1.2"),
                ContextDecision(id: 5, result: 1),
            ], roleSelections: nil, remember: false))
            let (outcome, result) = try await run
            let parsed = try #require(result, "\(outcome.stdout) \(outcome.stderr)")
            #expect(parsed.established)
            #expect(parsed.contexts.map(\.result) == [0, 0, 1])
            #expect(parsed.contexts[1].transferSyntax == "1.2.840.10008.1.2")
            #expect(parsed.contexts[1].scuRole == true && parsed.contexts[1].scpRole == false)
            #expect(parsed.echoStatus == 0)
        }
    }

    /// pynetdicom (PS3.6 2025b) proposing recent and not-yet-named storage classes, and an unknown transfer
    /// syntax: what it reads back from the A-ASSOCIATE-AC.
    @Test func pynetdicomGetsRecentStorageClassesAndNoUnknownTransferSyntax() async throws {
        try await withEngine(configure: { $0.policy = .accept }) { harness in
            let unknownTS = "2.25.147695787860259291623779946741766332418"
            let explicit = "1.2.840.10008.1.2.1", implicit = "1.2.840.10008.1.2"
            let (outcome, result) = try await runPynetdicom(port: harness.port, extra: [
                "--propose", "1.2.840.10008.5.1.4.1.1.66.7=\(unknownTS),\(explicit)",
                "--propose", "1.2.840.10008.5.1.4.1.1.9.100.1=\(implicit)",
                "--propose", "1.2.840.10008.5.1.4.1.1.66.99=\(implicit)",
                "--propose", "1.2.840.10008.5.1.4.1.1.2=\(unknownTS)",
            ])
            let parsed = try #require(result, "\(outcome.stdout) \(outcome.stderr)")
            #expect(parsed.established)
            #expect(parsed.contexts.map(\.result) == [0, 0, 0, 4])
            #expect(parsed.contexts.map(\.transferSyntax) == [explicit, implicit, implicit, nil])
        }
    }

    @Test func pynetdicomReadsBackTheExactRejectTriple() async throws {
        try await withEngine(configure: { $0.policy = .ask }) { harness in
            async let run = runPynetdicom(port: harness.port)
            let requested = try #require(await harness.waitFor { $0.requested != nil }?.requested)
            harness.engine.send(.reject(association: requested.association, result: 2, source: 2, reason: 2,
                                        remember: false))
            let (outcome, result) = try await run
            let parsed = try #require(result, "\(outcome.stdout) \(outcome.stderr)")
            #expect(parsed.established == false)
            #expect(parsed.rejected?.result == 2 && parsed.rejected?.source == 2 && parsed.rejected?.reason == 2)
        }
    }
}
