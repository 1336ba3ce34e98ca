import AssociationEngine
import AssociationEvents
import DICOMUpperLayer
import Foundation
import SCUTestClient
import Testing
import TestSupport

/// A release collision across the tap (PS3.8 §7.2.2, Table 9-10 Sta7–Sta13): the PACS (pynetdicom) asks to release,
/// the tap relays its A-RELEASE-RQ to the requestor, and the requestor (our scripted client) sends an A-RELEASE-RQ
/// of its own instead of answering — from the tap's side the two requests cross. The tap's requestor leg, the
/// association acceptor there, goes Sta7 → Sta10 (AR-8) and waits for the requestor's A-RELEASE-RP (the requestor
/// side answers first, AR-9), then Sta12 (AR-10) and answers with its own (AR-4); only then is the PACS's release
/// answered upstream. No real requestor provokes this on purpose, so the scripted client plays it.
@Suite(.timeLimit(.minutes(2)))
struct TapReleaseCollisionTests {
    @Test func requestorAndPACSReleaseAtOnce() async throws {
        let (pacs, upstreamPort, lines) = try await TapPeers.pacs(maxPDU: 16_384)
        defer { pacs.stop() }
        try await withEngine(configure: TapPeers.forwarding(to: upstreamPort)) { harness in
            try await Self.collide(harness: harness, lines: lines)
        }
    }

    /// The other way round (PS3.8 Table 9-10, requestor side): the requestor asks to release, the tap relays its
    /// A-RELEASE-RQ, and the PACS (a scripted one: `peers/tap_colliding_pacs.py`) answers with an A-RELEASE-RQ of
    /// its own. The tap's upstream leg, the association requestor there, goes Sta7 → Sta9 (AR-8), answers first
    /// (AR-9, Sta11) and takes the PACS's A-RELEASE-RP (AR-3); then the requestor's release is answered.
    @Test func pacsAnswersTheRelayedReleaseWithItsOwn() async throws {
        let (pacs, port, lines) = try await TapPeers.scriptedPACS("tap_colliding_pacs.py")
        defer { pacs.stop() }
        try await withEngine(configure: TapPeers.forwarding(to: port)) { harness in
            let client = try await TapPeers.associatedClient(port: harness.port)
            defer { client.close() }
            let answer = try await client.release()
            #expect(answer == .pdu(.releaseRP(AReleaseRP())), "the requestor's release answered, got \(answer)")
            client.close()
            #expect(await lines.wait(for: { $0 == "RELEASE-RP from the tap" }) != nil, "the tap answered first")
            #expect(await lines.wait(for: { $0 == "CLOSED" }) != nil, "the upstream leg closed after the PACS's RP")
            #expect(await harness.waitFor { $0.isClosed } != nil)
            #expect(harness.events.compactMap(\.aborted).isEmpty, "\(harness.events.compactMap(\.aborted))")
            let released = harness.events.compactMap { if case .released(let e) = $0 { e } else { nil } }
            #expect(released.count == 1, "\(released)")
            let counts = await RetentionTests.settled(harness.engine)
            #expect(counts.upstreamLegs == 0 && counts.handlers == 0, "\(counts)")
        }
    }

    private static func collide(harness: EngineHarness, lines: OutputLines) async throws {
        let client = try await TapPeers.associatedClient(port: harness.port, calling: "RELEASEME")
        defer { client.close() }
        try await client.sendEcho()
        guard case .pdu(.dataTF) = await client.receive() else {
            Issue.record("no C-ECHO-RSP relayed")
            return
        }
        // The PACS's A-RELEASE-RQ, relayed (AR-1 on the requestor leg: Sta7)...
        let relayed = await client.receive()
        guard case .pdu(.releaseRQ) = relayed else {
            Issue.record("expected the PACS's A-RELEASE-RQ, got \(relayed)")
            return
        }
        // ...crossed by the requestor's own (Evt12 in Sta7: AR-8, Sta10), then the requestor side answers first.
        try await client.send(.releaseRQ(AReleaseRQ()))
        try await client.send(.releaseRP(AReleaseRP()))
        let answer = await client.receive()
        #expect(answer == .pdu(.releaseRP(AReleaseRP())), "the tap's A-RELEASE-RP (AR-4), got \(answer)")
        // The requestor closes after the RP (AR-3); the PACS's own release was answered.
        client.close()
        #expect(await lines.wait(for: { $0 == "PACS RELEASE released" }) != nil)
        #expect(await harness.waitFor { $0.isClosed } != nil)
        #expect(harness.events.compactMap(\.aborted).isEmpty, "\(harness.events.compactMap(\.aborted))")
        // Both requests reached the events: the PACS's (requestor leg in Sta6 → Sta7) and the requestor's, which
        // found the leg in Sta7 and took it to Sta10, the collision.
        let requests = harness.events.compactMap { if case .releaseRequested(let e) = $0 { e.state } else { nil } }
        #expect(requests.contains(.sta10), "release-requested states: \(requests)")
        let released = harness.events.compactMap { if case .released(let e) = $0 { e } else { nil } }
        #expect(released.count == 1 && released.first?.by == .upstream, "\(released)")
        let counts = await RetentionTests.settled(harness.engine)
        #expect(counts.upstreamLegs == 0 && counts.handlers == 0, "\(counts)")
    }
}
