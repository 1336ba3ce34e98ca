import AssociationEngine
import AssociationEvents
import DICOMUpperLayer
import Foundation
import SCUTestClient
import TestSupport
import Testing

/// A consumer that stops reading (a frozen front, stdout blocked) must neither stall the SCP nor make the engine
/// grow without end: past `eventBacklogLimit` queued events, `dimse` events are counted per association and
/// reported in one `events-dropped` event; every other event still arrives.
@Suite(.timeLimit(.minutes(1)))
struct EventBacklogTests {
    @Test func dimseBeyondTheCeilingIsCountedWhileTheConsumerDoesNotRead() async throws {
        var options = EngineOptions()
        options.bindHost = "127.0.0.1"
        options.port = 0
        options.noStore = true
        options.policy = .accept
        options.eventBacklogLimit = 50
        let engine = AssociationEngine(options: options)
        let port = try await engine.start()
        // Nobody reads `engine.events` while 300 C-ECHOs go through: the SCP answers every one at once.
        let echoes = 300
        let client = try await SCUTestClient.connect(port: port)
        guard case .pdu(.associateAC) = try await client.associate() else {
            Issue.record("expected an A-ASSOCIATE-AC"); return
        }
        for index in 0..<echoes {
            try await client.sendEcho(messageID: UInt16(index + 1))
            guard case .pdu(.dataTF) = await client.receive() else {
                Issue.record("C-ECHO \(index + 1) was not answered"); return
            }
        }
        guard case .pdu(.releaseRP) = try await client.release() else {
            Issue.record("expected A-RELEASE-RP"); return
        }
        client.close()
        // Queued: at most the ceiling, plus the events that are never dropped (opened, requested, accepted,
        // release-requested, released, connection-closed, listening).
        try await Task.sleep(for: .milliseconds(300))
        #expect(engine.resourceCounts.pendingEvents <= 50 + 7, "\(engine.resourceCounts)")

        // Now read everything.
        let stop = Task { await engine.shutdown(reason: "test done") }
        var received: [EngineEvent] = []
        for await event in engine.events { received.append(event) }
        await stop.value
        let names = received.map(\.name)
        for name in ["listening", "connection-opened", "association-requested", "association-accepted",
                     "release-requested", "released", "connection-closed", "stopping"] {
            #expect(names.filter { $0 == name }.count == 1, "\(name) is never dropped: \(names)")
        }
        let dropped = received.compactMap { if case .eventsDropped(let e) = $0 { e } else { nil } }
        #expect(dropped.count == 1, "one events-dropped for one stretch of falling behind")
        let shown = received.filter { $0.dimseMessage != nil }.count
        let counted = dropped.first?.associations.first?.messages ?? 0
        #expect(shown + counted == 2 * echoes, "every C-ECHO-RQ and -RSP is either delivered or counted")
        #expect(dropped.first?.dropped == counted)
        #expect(dropped.first?.limit == 50)
        let commands = dropped.first?.associations.first?.commands ?? []
        #expect(Set(commands.map(\.command)) == ["C-ECHO-RQ", "C-ECHO-RSP"])
        #expect(commands.map(\.count).reduce(0, +) == counted)
        // The summary follows the events queued while it was being counted: after connection-closed here.
        #expect(names.firstIndex(of: "events-dropped").map { $0 > (names.firstIndex(of: "released") ?? 0) } == true)
        // The handler goes when its pipeline is torn down, a moment after connection-closed is published.
        #expect(await RetentionTests.settled(engine) == EngineResourceCounts())
    }

    @Test func aConsumerThatKeepsUpLosesNothing() async throws {
        try await withEngine(configure: {
            $0.policy = .accept
            $0.eventBacklogLimit = 50
        }) { harness in
            let client = try await SCUTestClient.connect(port: harness.port)
            guard case .pdu(.associateAC) = try await client.associate() else {
                Issue.record("expected an A-ASSOCIATE-AC"); return
            }
            for index in 0..<200 {
                try await client.sendEcho(messageID: UInt16(index + 1))
                _ = await client.receive()
                // A reader that keeps up: the next echo goes only once this one's two events were read, so the
                // queue never nears the ceiling, however late the machine schedules the reader.
                await Self.waitUntilRead(2 * (index + 1), dimseEventsOf: harness)
            }
            _ = try await client.release()
            client.close()
            _ = await harness.waitFor { $0.isClosed }
            #expect(harness.events.filter { $0.dimseMessage != nil }.count == 400)
            #expect(!harness.events.contains { $0.name == "events-dropped" })
        }
    }

    /// Waits (at most 10 s) until `harness` has recorded `count` dimse events.
    static func waitUntilRead(_ count: Int, dimseEventsOf harness: EngineHarness) async {
        let deadline = ContinuousClock.now + .seconds(10)
        while harness.events.count(where: { $0.dimseMessage != nil }) < count, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(1))
        }
    }
}
