import AssociationEngine
import AssociationEvents
import Foundation
import SCUTestClient
import TestSupport
import Testing

/// Admission limits: connections that never send an A-ASSOCIATE-RQ (PS3.8 Sta2) must not starve requests that
/// have arrived, and one peer address must not take every slot.
@Suite(.serialized, .timeLimit(.minutes(1)))
struct ConnectionLimitTests {
    static let echoscu = "/usr/bin/echoscu"

    static func transportFailures(_ harness: EngineHarness) -> [TransportFailed] {
        harness.events.compactMap { if case .transportFailed(let e) = $0 { e } else { nil } }
    }

    static func openedCount(_ harness: EngineHarness) -> Int {
        harness.events.filter { if case .connectionOpened = $0 { true } else { false } }.count
    }

    /// Waits until the engine has published `count` connection-opened events.
    static func waitForOpened(_ harness: EngineHarness, _ count: Int) async -> Bool {
        await harness.waitFor(.seconds(20)) { _ in openedCount(harness) >= count } != nil
    }

    @Test func silentFloodFromOneAddressDoesNotLockOutARealRequest() async throws {
        // The defaults: 256 associations, 64 silent connections, 32 per peer address.
        try await withEngine(configure: { $0.policy = .accept }) { harness in
            let flood = try SilentConnections(count: 300, from: "127.0.0.2", port: harness.port)
            defer { flood.closeAll() }
            #expect(await Self.waitForOpened(harness, 300))
            let outcome = try await Subprocess.run(Self.echoscu, ["-aet", "MODALITY", "-aec", "ASSOCMON", "127.0.0.1",
                                                                   "\(harness.port)"], timeout: .seconds(20))
            #expect(outcome.status == 0, "\(outcome.stderr)")
            let accepted = try #require(await harness.waitFor { $0.accepted != nil }?.accepted)
            #expect(accepted.decidedBy == .policy)
            #expect(harness.events.allSatisfy { $0.rejected == nil })
            // The flood only ever crowded out itself: its oldest silent connections were closed, with the reason.
            let failures = Self.transportFailures(harness)
            #expect(failures.count >= 300 - 32)
            #expect(failures.allSatisfy { $0.peer.hasPrefix("127.0.0.2:") && $0.reason.contains("--max-per-peer 32") })
            #expect(await flood.closedByServer(reaching: 300 - 32) == 300 - 32)
        }
    }

    @Test func fullSilentPoolClosesItsOldestConnection() async throws {
        try await withEngine(configure: {
            $0.policy = .accept
            $0.maxPending = 8
            $0.maxPerPeer = 1000
        }) { harness in
            let flood = try SilentConnections(count: 20, from: "127.0.0.2", port: harness.port)
            defer { flood.closeAll() }
            #expect(await Self.waitForOpened(harness, 20))
            #expect(await harness.waitFor { _ in Self.transportFailures(harness).count >= 12 } != nil)
            let failures = Self.transportFailures(harness)
            #expect(failures.count == 12)
            #expect(failures.allSatisfy { $0.reason.contains("--max-pending 8") })
            // Oldest first: the ids closed are the twelve smallest.
            let opened = harness.events.compactMap { if case .connectionOpened(let e) = $0 { e.association } else { nil } }
            #expect(Set(failures.map(\.association)) == Set(opened.sorted().prefix(12)))
            #expect(await flood.closedByServer(reaching: 12) == 12)
            // The request's own connection arrives to a full pool too: one more silent connection makes room for it,
            // and the request that follows is accepted.
            let outcome = try await Subprocess.run(Self.echoscu, ["-aet", "MODALITY", "-aec", "ASSOCMON", "127.0.0.1",
                                                                   "\(harness.port)"], timeout: .seconds(20))
            #expect(outcome.status == 0, "\(outcome.stderr)")
            #expect(await harness.waitFor { $0.accepted != nil } != nil)
            // The thirteenth failure is published by the closed connection's own event loop: not ordered with the
            // new association's events, so it is waited for, then counted.
            #expect(await harness.waitFor { _ in Self.transportFailures(harness).count >= 13 } != nil)
            #expect(Self.transportFailures(harness).count == 13)
            #expect(await flood.closedByServer(reaching: 13) == 13)
        }
    }

    @Test func perPeerLimitRejectsTheNextRequestWith232() async throws {
        try await withEngine(configure: {
            $0.policy = .accept
            $0.maxPerPeer = 2
        }) { harness in
            var clients: [SCUTestClient] = []
            for _ in 0..<2 {
                let client = try await SCUTestClient.connect(port: harness.port)
                guard case .pdu(.associateAC) = try await client.associate() else { Issue.record("no AC"); return }
                clients.append(client)
            }
            let third = try await SCUTestClient.connect(port: harness.port)
            guard case .pdu(.associateRJ(let rj)) = try await third.associate() else { Issue.record("no RJ"); return }
            #expect([rj.result, rj.source, rj.reason] == [2, 3, 2])
            let rejected = try #require(await harness.waitFor { $0.rejected != nil }?.rejected)
            #expect(rejected.decidedBy == .limit)
            #expect(rejected.detail?.contains("--max-per-peer 2") == true)
            // A requestor that keeps the connection after the RJ is closed within a second, not after ARTIM (30 s).
            #expect(await third.waitForClose(timeout: .seconds(3)))
            // Another address is not affected by this peer's limit.
            let other = try SilentConnections(count: 1, from: "127.0.0.2", port: harness.port)
            defer { other.closeAll() }
            #expect(await Self.waitForOpened(harness, 4))
            #expect(!other.isClosedByServer(0))
            // Once one of the two associations is released, the peer may associate again.
            _ = try await clients[0].release()
            clients[0].close()
            _ = await harness.waitFor { $0.isClosed && $0.association == 1 }
            let again = try await SCUTestClient.connect(port: harness.port)
            guard case .pdu(.associateAC) = try await again.associate() else { Issue.record("no AC after release"); return }
        }
    }

    @Test func limitsAreInTheListeningEvent() async throws {
        try await withEngine(configure: {
            $0.maxAssociations = 10
            $0.maxPending = 5
            $0.maxPerPeer = 3
        }) { harness in
            let event = await harness.waitFor { $0.name == "listening" }
            guard case .listening(let listening) = event else {
                Issue.record("no listening event"); return
            }
            #expect([listening.maxAssociations, listening.maxPending, listening.maxPerPeer] == [10, 5, 3])
            let line = JSONLines.Encoder().line(for: .listening(listening))
            #expect(line.contains(#""maxAssociations":10,"maxPending":5,"maxPerPeer":3"#))
        }
    }
}
