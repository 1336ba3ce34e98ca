import AssociationEngine
import DICOMUpperLayer
import Foundation
import SCUTestClient
import TestSupport
import Testing

/// Nothing the engine keeps per association may outlive it: after hundreds of associations through the real server
/// (released, aborted, rejected, dropped in Sta2 and Sta3, malformed), every handler, registry entry, held request
/// and queued event is gone. A process that serves a modality for weeks would otherwise grow with each one.
@Suite(.timeLimit(.minutes(2)))
struct RetentionTests {
    /// Waits (polling, at most 10 s) until the engine holds nothing, and returns what it holds then.
    static func settled(_ engine: AssociationEngine) async -> EngineResourceCounts {
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline, engine.resourceCounts != EngineResourceCounts() {
            try? await Task.sleep(for: .milliseconds(20))
        }
        return engine.resourceCounts
    }

    @Test func releasedAbortedAndBrokenAssociationsLeaveNothing() async throws {
        try await withEngine(configure: { $0.policy = .accept }) { harness in
            let rounds = 300
            for round in 0..<rounds {
                let client = try await SCUTestClient.connect(port: harness.port)
                switch round % 6 {
                case 0, 1, 2:
                    // Association, C-ECHO, release: the common case.
                    guard case .pdu(.associateAC) = try await client.associate() else {
                        Issue.record("round \(round): expected an A-ASSOCIATE-AC"); return
                    }
                    try await client.sendEcho(messageID: UInt16(round % 65_535 + 1))
                    guard case .pdu(.dataTF) = await client.receive() else {
                        Issue.record("round \(round): expected the C-ECHO-RSP"); return
                    }
                    guard case .pdu(.releaseRP) = try await client.release() else {
                        Issue.record("round \(round): expected A-RELEASE-RP"); return
                    }
                case 3:
                    // Association, then A-ABORT from the requestor (PS3.8 §7.3.1).
                    guard case .pdu(.associateAC) = try await client.associate() else {
                        Issue.record("round \(round): expected an A-ASSOCIATE-AC"); return
                    }
                    try await client.send(.abort(AAbort(source: 0, reason: 0)))
                    _ = await client.waitForClose()
                case 4:
                    // Transport dropped in Sta2, before any PDU.
                    break
                default:
                    // Not a PDU: the engine answers A-ABORT (AA-1); the requestor then closes.
                    try await client.send(bytes: [0x09, 0, 0, 0, 0, 2, 0, 0])
                    guard case .pdu(.abort) = await client.receive() else {
                        Issue.record("round \(round): expected an A-ABORT"); return
                    }
                }
                client.close()
            }
            let closed = await harness.waitFor(.seconds(20)) { _ in
                harness.events.filter(\.isClosed).count == rounds
            }
            #expect(closed != nil, "every association reported connection-closed")
            let counts = await Self.settled(harness.engine)
            #expect(counts == EngineResourceCounts(), "still held after \(rounds) associations: \(counts)")
        }
    }

    @Test func requestsDroppedWhileHeldLeaveNothing() async throws {
        // All from 127.0.0.1: --max-per-peer must not turn any of them away.
        try await withEngine(configure: { $0.policy = .ask; $0.maxPerPeer = 64 }) { harness in
            let held = 40
            var clients: [SCUTestClient] = []
            for index in 0..<held {
                let client = try await SCUTestClient.connect(port: harness.port)
                try await client.send(.associateRQ(SCUTestClient.associateRQ(calling: "HELD\(index)")))
                clients.append(client)
            }
            _ = await harness.waitFor { _ in harness.events.filter { $0.requested != nil }.count == held }
            #expect(harness.engine.resourceCounts.heldRequests == held)
            #expect(harness.engine.resourceCounts.handlers == held)
            // Connections may be numbered out of order (several event loops): find each by its calling AE title.
            var associationOf: [String: Int] = [:]
            for requested in harness.events.compactMap(\.requested) {
                associationOf[requested.callingAETitle] = requested.association
            }
            // Half are decided and released, half vanish while they wait in Sta3.
            for (index, client) in clients.enumerated() {
                if index.isMultiple(of: 2) {
                    let association = try #require(associationOf["HELD\(index)"])
                    harness.engine.send(.accept(association: association, presentationContexts: nil,
                                                roleSelections: nil, remember: false))
                    guard case .pdu(.associateAC) = await client.receive() else {
                        Issue.record("expected an A-ASSOCIATE-AC for HELD\(index)"); return
                    }
                    _ = try await client.release()
                }
                client.close()
            }
            clients.removeAll()
            let counts = await Self.settled(harness.engine)
            #expect(counts == EngineResourceCounts(), "still held: \(counts)")
        }
    }
}
