import AssociationEngine
import AssociationEvents
import DICOMUpperLayer
import Foundation
import SCUTestClient
import TestSupport
import Testing

/// The engine against our own SCU on 127.0.0.1: negotiations and malformed input real clients cannot send.
@Suite(.timeLimit(.minutes(1)))
struct LoopbackTests {
    static let verification = "1.2.840.10008.1.1"
    static let ctImage = "1.2.840.10008.5.1.4.1.1.2"
    static let implicitLE = "1.2.840.10008.1.2"
    static let explicitLE = "1.2.840.10008.1.2.1"

    @Test func policyAcceptEchoRelease() async throws {
        try await withEngine(configure: { $0.policy = .accept }) { harness in
            let client = try await SCUTestClient.connect(port: harness.port)
            guard case .pdu(.associateAC(let ac)) = try await client.associate() else {
                Issue.record("expected an A-ASSOCIATE-AC"); return
            }
            #expect(ac.presentationContexts.map(\.result) == [.acceptance])
            #expect(ac.calledAETitle == "ASSOCMON" && ac.callingAETitle == "SCUTEST")
            try await client.sendEcho(messageID: 7)
            guard case .pdu(.dataTF(let pData)) = await client.receive() else {
                Issue.record("expected the C-ECHO-RSP"); return
            }
            let response = try DIMSECommand(decoding: pData.values[0].fragment)
            #expect(response.commandField == .cEchoRSP)
            #expect(response.messageIDBeingRespondedTo == 7)
            #expect(response.status == .success)
            guard case .pdu(.releaseRP) = try await client.release() else {
                Issue.record("expected A-RELEASE-RP"); return
            }
            // Sta13: the requestor closes the transport (AR-5), not us.
            #expect(await client.waitForClose(timeout: .milliseconds(100)) == false)
            client.close()
            let closed = await harness.waitFor { $0.isClosed }
            #expect(closed?.association == 1)
            let names = harness.events(of: 1).map(\.name)
            #expect(names == ["connection-opened", "association-requested", "association-accepted", "dimse", "dimse",
                              "release-requested", "released", "connection-closed"])
        }
    }

    @Test func heldRequestDecidedByCommand() async throws {
        try await withEngine(configure: { $0.policy = .ask }) { harness in
            let client = try await SCUTestClient.connect(port: harness.port)
            let rq = SCUTestClient.associateRQ(contexts: [
                (1, Self.verification, [Self.implicitLE]),
                (3, Self.ctImage, [Self.implicitLE, Self.explicitLE]),
            ])
            try await client.send(.associateRQ(rq))
            let requested = try #require(await harness.waitFor { $0.requested != nil }?.requested)
            #expect(requested.state == .sta3)
            #expect(requested.deadline != nil)
            #expect(requested.proposal.presentationContexts.map(\.result) == [0, 0])
            #expect(await client.receive(timeout: .milliseconds(200)) == .timedOut, "held until a decision")
            harness.engine.send(.accept(association: requested.association, presentationContexts: [
                ContextDecision(id: 3, result: 0, transferSyntax: Self.explicitLE),
                ContextDecision(id: 1, result: 1),
            ], roleSelections: nil, remember: false))
            guard case .pdu(.associateAC(let ac)) = await client.receive() else {
                Issue.record("expected an A-ASSOCIATE-AC"); return
            }
            #expect(ac.presentationContexts.map(\.result) == [.userRejection, .acceptance])
            #expect(ac.presentationContexts.last?.transferSyntax == Self.explicitLE)
            let accepted = try #require(await harness.waitFor { $0.accepted != nil }?.accepted)
            #expect(accepted.decidedBy == .operator)
            #expect(accepted.state == .sta6)
        }
    }

    @Test func heldRequestDecidedByTimeout() async throws {
        try await withEngine(configure: { $0.decisionTimeout = 0.3 }) { harness in
            let client = try await SCUTestClient.connect(port: harness.port)
            guard case .pdu(.associateRJ(let rj)) = try await client.associate() else {
                Issue.record("expected an A-ASSOCIATE-RJ"); return
            }
            #expect([rj.result, rj.source, rj.reason] == [2, 3, 1])
            let rejected = try #require(await harness.waitFor { $0.rejected != nil }?.rejected)
            #expect(rejected.decidedBy == .timeout)
            client.close()
            #expect(await harness.waitFor { $0.isClosed } != nil)
        }
    }

    @Test func rejectCommandTripleIsSentAndInvalidTripleIsRefused() async throws {
        try await withEngine { harness in
            let client = try await SCUTestClient.connect(port: harness.port)
            try await client.send(.associateRQ(SCUTestClient.associateRQ()))
            let id = try #require(await harness.waitFor { $0.requested != nil }?.association)
            harness.engine.send(.reject(association: id, result: 1, source: 3, reason: 7, remember: false))
            #expect(await harness.waitFor { $0.errorMessage != nil }?.errorMessage?.contains("Table 9-21") == true)
            harness.engine.send(.reject(association: id, result: 1, source: 1, reason: 3, remember: false))
            guard case .pdu(.associateRJ(let rj)) = await client.receive() else {
                Issue.record("expected an A-ASSOCIATE-RJ"); return
            }
            #expect([rj.result, rj.source, rj.reason] == [1, 1, 3])
        }
    }

    @Test(arguments: [
        ("unknown PDU type", [UInt8]([0x09, 0, 0, 0, 0, 4, 0, 0, 0, 0]), UInt8(1)),
        ("P-DATA before A-ASSOCIATE", [0x04, 0, 0, 0, 0, 8, 0, 0, 0, 4, 1, 3, 0, 0], 2),
        ("A-RELEASE-RQ before A-ASSOCIATE", [0x05, 0, 0, 0, 0, 4, 0, 0, 0, 0], 2),
        ("A-RELEASE-RQ with length 6", [0x05, 0, 0, 0, 0, 6, 0, 0, 0, 0, 0, 0], 6),
        ("garbage", Array("GET / HTTP/1.1\r\n\r\n".utf8), 1),
    ])
    func malformedInputInSta2IsAbortedAndTheEngineKeepsServing(name: String, bytes: [UInt8],
                                                               reason: UInt8) async throws {
        try await withEngine(configure: { $0.policy = .accept }) { harness in
            let bad = try await SCUTestClient.connect(port: harness.port)
            try await bad.send(bytes: bytes)
            guard case .pdu(.abort(let abort)) = await bad.receive() else {
                Issue.record("\(name): expected an A-ABORT"); return
            }
            #expect(abort.source == 2, "\(name)")
            #expect(abort.reason == reason, "\(name)")
            bad.close()
            let good = try await SCUTestClient.connect(port: harness.port)
            guard case .pdu(.associateAC) = try await good.associate() else {
                Issue.record("\(name): the next client was not served"); return
            }
        }
    }

    @Test func oversizePDataIsAbortedWithReason6() async throws {
        try await withEngine(configure: { $0.policy = .accept; $0.maxPDULength = 16_384 }) { harness in
            let client = try await SCUTestClient.connect(port: harness.port)
            guard case .pdu(.associateAC) = try await client.associate() else { Issue.record("no AC"); return }
            try await client.send(bytes: [0x04, 0, 0x00, 0x10, 0x00, 0x01])  // PDU-length 1 MiB + 1 > 16384
            guard case .pdu(.abort(let abort)) = await client.receive() else { Issue.record("no A-ABORT"); return }
            #expect([abort.source, abort.reason] == [2, 6])
            let aborted = try #require(await harness.waitFor { $0.aborted != nil }?.aborted)
            #expect(aborted.by == .engine && aborted.state == .sta13)
        }
    }

    @Test func messageOnAContextThatWasNotAcceptedIsAborted() async throws {
        try await withEngine(configure: { $0.policy = .accept }) { harness in
            let client = try await SCUTestClient.connect(port: harness.port)
            let rq = SCUTestClient.associateRQ(contexts: [(1, Self.verification, [Self.implicitLE]),
                                                          (3, "1.2.3.4.5.6.7.8.9", [Self.implicitLE])])
            guard case .pdu(.associateAC(let ac)) = try await client.associate(rq) else { Issue.record("no AC"); return }
            #expect(ac.presentationContexts.map(\.result) == [.acceptance, .abstractSyntaxNotSupported])
            try await client.sendEcho(contextID: 3)
            guard case .pdu(.abort(let abort)) = await client.receive() else { Issue.record("no A-ABORT"); return }
            #expect([abort.source, abort.reason] == [2, 6])
        }
    }

    @Test func associateRQInSta6IsUnexpected() async throws {
        try await withEngine(configure: { $0.policy = .accept }) { harness in
            let client = try await SCUTestClient.connect(port: harness.port)
            guard case .pdu(.associateAC) = try await client.associate() else { Issue.record("no AC"); return }
            try await client.send(.associateRQ(SCUTestClient.associateRQ()))
            guard case .pdu(.abort(let abort)) = await client.receive() else { Issue.record("no A-ABORT"); return }
            #expect([abort.source, abort.reason] == [2, 2])
        }
    }

    @Test func limitRejects232WithoutWaiting() async throws {
        try await withEngine(configure: { $0.maxAssociations = 1 }) { harness in
            let first = try await SCUTestClient.connect(port: harness.port)
            try await first.send(.associateRQ(SCUTestClient.associateRQ()))
            _ = await harness.waitFor { $0.requested != nil }
            let second = try await SCUTestClient.connect(port: harness.port)
            guard case .pdu(.associateRJ(let rj)) = try await second.associate() else { Issue.record("no RJ"); return }
            #expect([rj.result, rj.source, rj.reason] == [2, 3, 2])
            #expect(await harness.waitFor { $0.rejected != nil }?.rejected?.decidedBy == .limit)
        }
    }

    @Test func calledAETitleMismatchIsFlaggedOrRejected() async throws {
        try await withEngine(configure: { $0.requireCalledAETitle = true }) { strict in
            let client = try await SCUTestClient.connect(port: strict.port)
            guard case .pdu(.associateRJ(let rj)) = try await client.associate(SCUTestClient.associateRQ(called: "OTHER"))
            else { Issue.record("no RJ"); return }
            #expect([rj.result, rj.source, rj.reason] == [1, 1, 7])
            #expect(await strict.waitFor { $0.requested != nil }?.requested?.calledAETitleMismatch == true)
        }
    }

    @Test func artimClosesAnIdleConnection() async throws {
        try await withEngine(configure: { $0.artimTimeout = 0.2 }) { harness in
            let client = try await SCUTestClient.connect(port: harness.port)
            #expect(await client.waitForClose(timeout: .seconds(3)))
            #expect(await harness.waitFor { if case .transportFailed = $0 { true } else { false } } != nil)
        }
    }

    @Test func peerAbortAndTransportLossAreReported() async throws {
        try await withEngine(configure: { $0.policy = .accept }) { harness in
            let a = try await SCUTestClient.connect(port: harness.port)
            guard case .pdu(.associateAC) = try await a.associate() else { Issue.record("no AC"); return }
            try await a.send(.abort(AAbort(source: 0, reason: 0)))
            let peer = try #require(await harness.waitFor { $0.aborted != nil }?.aborted)
            #expect(peer.by == .peer && peer.state == .sta1)
            let b = try await SCUTestClient.connect(port: harness.port)
            guard case .pdu(.associateAC) = try await b.associate() else { Issue.record("no AC"); return }
            b.close()
            let lost = try #require(await harness.waitFor { $0.aborted?.by == .transport }?.aborted)
            #expect(lost.association == 2)
        }
    }

    @Test func operatorAbortOfAnEstablishedAssociation() async throws {
        try await withEngine(configure: { $0.policy = .accept }) { harness in
            let client = try await SCUTestClient.connect(port: harness.port)
            guard case .pdu(.associateAC) = try await client.associate() else { Issue.record("no AC"); return }
            harness.engine.send(.abort(association: 1))
            guard case .pdu(.abort(let abort)) = await client.receive() else { Issue.record("no A-ABORT"); return }
            #expect([abort.source, abort.reason] == [0, 0])
            #expect(await harness.waitFor { $0.aborted != nil }?.aborted?.by == .operator)
        }
    }

    @Test func commandsForUnknownAssociationsAreErrors() async throws {
        try await withEngine { harness in
            harness.engine.send(.accept(association: 99, presentationContexts: nil, roleSelections: nil, remember: false))
            #expect(await harness.waitFor { $0.errorMessage != nil }?.association == 99)
        }
    }

    @Test func shutdownRejectsWaitingRequestsWith231() async throws {
        try await withEngine { harness in
            let client = try await SCUTestClient.connect(port: harness.port)
            try await client.send(.associateRQ(SCUTestClient.associateRQ()))
            _ = await harness.waitFor { $0.requested != nil }
            async let stop: Void = harness.stop()
            guard case .pdu(.associateRJ(let rj)) = await client.receive() else { Issue.record("no RJ"); return }
            #expect([rj.result, rj.source, rj.reason] == [2, 3, 1])
            client.close()
            await stop
            #expect(harness.events.contains { $0.rejected?.decidedBy == .shutdown })
        }
    }
}

/// Many requests held in Sta3 at once, each decided independently, none blocking another.
@Suite(.timeLimit(.minutes(1)))
struct ManyWaitingTests {
    @Test func twentyHeldRequestsAreDecidedIndependently() async throws {
        try await withEngine(configure: { $0.policy = .ask }) { harness in
            var clients: [String: SCUTestClient] = [:]
            for index in 0..<20 {
                let client = try await SCUTestClient.connect(port: harness.port)
                try await client.send(.associateRQ(SCUTestClient.associateRQ(calling: "SCU\(index)")))
                clients["SCU\(index)"] = client
            }
            let deadline = ContinuousClock.now + .seconds(10)
            var held: [AssociationRequested] = []
            while held.count < 20, ContinuousClock.now < deadline {
                held = harness.events.compactMap(\.requested)
                try await Task.sleep(for: .milliseconds(10))
            }
            #expect(held.count == 20)
            // Decide in reverse order of arrival: the last one first.
            for request in held.reversed() {
                let index = Int(request.callingAETitle.dropFirst(3)) ?? 0
                if index.isMultiple(of: 2) {
                    harness.engine.send(.accept(association: request.association, presentationContexts: nil,
                                                roleSelections: nil, remember: false))
                } else {
                    harness.engine.send(.reject(association: request.association, result: 2, source: 3, reason: 1,
                                                remember: false))
                }
            }
            for (title, client) in clients {
                let index = Int(title.dropFirst(3)) ?? 0
                switch await client.receive() {
                case .pdu(.associateAC): #expect(index.isMultiple(of: 2), "\(title)")
                case .pdu(.associateRJ(let rj)): #expect(!index.isMultiple(of: 2) && rj.result == 2, "\(title)")
                default: Issue.record("\(title): no answer")
                }
            }
        }
    }
}

/// Random and mutated input from many clients: every one gets an A-ABORT, a reply or a close; the engine keeps
/// serving (a trap on wire bytes would kill the test process).
@Suite(.timeLimit(.minutes(1)))
struct GarbageInputTests {
    @Test func mutatedRequestsAndRandomBytes() async throws {
        try await withEngine(configure: { $0.policy = .accept; $0.artimTimeout = 1 }) { harness in
            var generator = SplitMix64(seed: 0x00A5_50C0)
            let valid = try PDU.associateRQ(SCUTestClient.associateRQ()).encoded()
            let validBytes = Array(valid.readableBytesView)
            for round in 0..<40 {
                var bytes: [UInt8]
                if round.isMultiple(of: 2) {
                    bytes = validBytes
                    for _ in 0..<(1 + Int(generator.next() % 8)) {
                        let index = Int(generator.next() % UInt64(bytes.count))
                        bytes[index] = UInt8(truncatingIfNeeded: generator.next())
                    }
                } else {
                    bytes = (0..<(1 + Int(generator.next() % 300))).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
                }
                let client = try await SCUTestClient.connect(port: harness.port)
                // Under load ARTIM (1 s) may close the connection before the bytes go out: also an answer.
                try? await client.send(bytes: bytes)
                // Anything but a hang is fine: AC, RJ, A-ABORT, close, or (incomplete PDU) the ARTIM close.
                let answer = await client.receive(timeout: .seconds(10))
                #expect(answer != .timedOut, "round \(round)")
                client.close()
            }
            let good = try await SCUTestClient.connect(port: harness.port)
            guard case .pdu(.associateAC) = try await good.associate() else {
                Issue.record("the engine stopped serving"); return
            }
        }
    }
}
