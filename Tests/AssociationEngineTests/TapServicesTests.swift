import AssociationEngine
import AssociationEvents
import DICOMUpperLayer
import Foundation
import SCUTestClient
import TestSupport
import Testing

/// The rest of what a tap relays, with pynetdicom on both legs: the negotiation items that must reach the PACS
/// unchanged, the DIMSE services beyond storage and query (C-MOVE, C-CANCEL, N-CREATE/N-SET/N-GET/N-DELETE), and
/// how the end of one leg ends the other.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct TapServicesTests {
    /// The requestor's asynchronous operations window, SOP class extended negotiation and user identity reach the
    /// PACS as proposed (PS3.7 D.3.3.3, D.3.3.5, D.3.3.7), with our own Maximum Length; the passcode never reaches
    /// an event. Then C-MOVE (the PACS's 0xA801 comes back), a C-FIND cancelled after its first match (the
    /// C-CANCEL-RQ reaches the PACS, whose 0xFE00 comes back), and a Basic Film Session created, set, read and
    /// deleted (PS3.4 H.4.1).
    @Test func negotiationMoveCancelAndNServicesThroughTheTap() async throws {
        let (pacs, upstreamPort, lines) = try await TapPeers.pacs(maxPDU: 16_384)
        defer { pacs.stop() }
        try await withEngine(configure: TapPeers.forwarding(to: upstreamPort)) { harness in
            let result = try await TapPeers.modality(port: harness.port, maxPDU: 16_384, mode: "services")
            #expect(result.established)
            #expect(result.moveStatuses == [0xA801])
            let cancelled = try #require(result.cancelledFindStatuses)
            #expect(cancelled.first == 0xFF00 && cancelled.last == 0xFE00 && cancelled.count < 20, "\(cancelled)")
            #expect([result.createStatus, result.setStatus, result.getStatus, result.deleteStatus] == [0, 0, 0, 0])
            #expect(result.copies == "2", "the N-GET reads what the N-SET wrote")
            #expect(result.released == true)

            let requestedLine = try #require(await lines.wait(for: { $0.hasPrefix("REQUESTED ") }))
            let upstream = try JSONDecoder().decode(TapPeers.UpstreamRequest.self,
                                                    from: Data(requestedLine.dropFirst(10).utf8))
            #expect(upstream.maxPDU == EngineOptions().maxPDULength, "our own Maximum Length, not the requestor's 16 KiB")
            #expect(upstream.asyncWindow == [3, 2])
            #expect(upstream.extended == ["1.2.840.10008.5.1.4.1.2.2.1": "0101"])
            #expect(upstream.userIdentity?.type == 2)
            #expect(upstream.userIdentity?.primary == "tapuser")
            #expect(upstream.userIdentity?.secondary == "tap-secret", "passed through to the PACS")
            for line in ["MOVE", "CANCELLED 1", "N-CREATE", "N-SET 2", "N-GET", "N-DELETE", "RELEASED"] {
                #expect(await lines.wait(for: { $0 == line }) != nil, "the PACS saw \(line)")
            }
            #expect(await harness.waitFor { $0.isClosed } != nil)

            let messages = harness.events.compactMap(\.dimseMessage)
            func count(_ command: String, _ leg: DIMSELeg) -> Int {
                messages.filter { $0.command == command && $0.leg == leg }.count
            }
            for command in ["C-MOVE", "N-CREATE", "N-SET", "N-GET", "N-DELETE"] {
                #expect(count(command + "-RQ", .requestor) == 1, "\(command)-RQ")
                #expect(count(command + "-RSP", .upstream) == 1, "\(command)-RSP")
            }
            #expect(count("C-CANCEL-RQ", .requestor) == 1)
            #expect(messages.last { $0.command == "C-FIND-RSP" }?.status == 0xFE00)
            // The passcode is in no event: neither as text nor in the hex of the raw A-ASSOCIATE-RQ.
            let secretHex = Array("tap-secret".utf8).map { String(format: "%02x", $0) }.joined()
            for event in harness.events {
                let line = JSONLines.line(for: event)
                #expect(!line.contains("tap-secret") && !line.contains(secretHex), "\(line.prefix(80))")
            }
        }
    }

    /// A message whose Command Field PS3.7 does not define is relayed, not dropped, in both directions: 0x0FF0 from
    /// the requestor reaches the PACS (a scripted one: `peers/tap_unknown_pacs.py`), and the PACS's 0x0FF1 reaches
    /// the requestor; both are shown as they pass.
    @Test func messagesOfUnknownCommandFieldsAreRelayedBothWays() async throws {
        let (pacs, port, lines) = try await TapPeers.scriptedPACS("tap_unknown_pacs.py")
        defer { pacs.stop() }
        try await withEngine(configure: TapPeers.forwarding(to: port)) { harness in
            let client = try await TapPeers.associatedClient(port: harness.port)
            defer { client.close() }
            var command = CommandSet()
            command.set(.affectedSOPClassUID, uid: "1.2.840.10008.1.1")
            command.set(.commandField, uint16: 0x0FF0)
            command.set(.messageID, uint16: 7)
            command.set(.commandDataSetType, uint16: 0x0101)
            try await client.send(.dataTF(PDataTF(values: [PresentationDataValue(
                presentationContextID: 1, messageControlHeader: .commandLast, fragment: command.encoded())])))
            #expect(await lines.wait(for: { $0 == "COMMAND 0ff0 7" }) != nil, "the PACS received the 0x0FF0 message")
            guard case .pdu(.dataTF(let pData)) = await client.receive(),
                  let fragment = pData.values.first?.fragment else {
                Issue.record("the PACS's own message did not reach the requestor")
                return
            }
            let received = try CommandSet(decoding: fragment)
            #expect(try received.uint16(.commandField) == 0x0FF1)
            #expect(try received.uint16(.messageID) == 0x4242)
            #expect(try await client.release() == .pdu(.releaseRP(AReleaseRP())))
            client.close()  // the requestor closes after the A-RELEASE-RP (PS3.8 AR-3)
            #expect(await lines.wait(for: { $0 == "RELEASED" }) != nil)
            #expect(await lines.wait(for: { $0 == "CLOSED" }) != nil, "the upstream leg closed after the PACS's RP")
            #expect(await harness.waitFor { $0.isClosed } != nil)
            let messages = harness.events.compactMap(\.dimseMessage)
            #expect(messages.contains { $0.commandField == 0x0FF0 && $0.leg == .requestor && $0.messageID == 7 })
            #expect(messages.contains { $0.commandField == 0x0FF1 && $0.leg == .upstream && $0.messageID == 0x4242 })
            #expect(harness.events.compactMap(\.aborted).isEmpty)
        }
    }

    /// `--tap-store` also keeps the C-STOREs that come from the PACS: the sub-operations of a C-GET, each copy
    /// holding the data set the requestor received.
    @Test func tapStoreKeepsCopiesOfCGetSubOperations() async throws {
        let (pacs, upstreamPort, _) = try await TapPeers.pacs(maxPDU: 16_384)
        defer { pacs.stop() }
        let copies = FileManager.default.temporaryDirectory.appendingPathComponent("tap-copies-\(UUID())")
        defer { try? FileManager.default.removeItem(at: copies) }
        try await withEngine(configure: {
            TapPeers.forwarding(to: upstreamPort)(&$0)
            $0.tapStore = true
            $0.noStore = false
            $0.storageDirectory = copies.path
        }) { harness in
            let result = try await TapPeers.modality(port: harness.port, maxPDU: 16_384)
            let received = try #require(result.stored)
            #expect(received.count == 2)
            #expect(await harness.waitFor { $0.isClosed } != nil)
            let stored = harness.events.compactMap(\.stored)
            #expect(stored.count == 2, "\(stored)")
            for instance in received {
                let copy = try #require(stored.first { $0.sopInstanceUID == instance.sopInstanceUID }?.path)
                #expect(try StorageTests.dataSet(ofFile: copy).count == instance.bytes, "\(copy)")
            }
        }
    }

    /// The requestor aborts after a C-ECHO: the tap aborts the upstream leg too.
    @Test func aRequestorAbortEndsTheUpstream() async throws {
        let (pacs, upstreamPort, lines) = try await TapPeers.pacs(maxPDU: 16_384)
        defer { pacs.stop() }
        try await withEngine(configure: TapPeers.forwarding(to: upstreamPort)) { harness in
            let result = try await TapPeers.modality(port: harness.port, maxPDU: 16_384, mode: "abort")
            #expect(result.established)
            #expect(result.echoStatus == 0)
            #expect(await lines.wait(for: { $0 == "ABORTED" }) != nil, "the PACS sees its association aborted")
            let aborted = try #require(await harness.waitFor { $0.aborted != nil }?.aborted)
            #expect(aborted.by == .peer)
            #expect(await harness.waitFor { $0.isClosed } != nil)
        }
    }

    /// The PACS accepted the held request and the operator rejects it: the rejection reaches the requestor and
    /// the upstream association, established by then, is released.
    @Test func anOperatorRejectAfterThePACSAcceptedReleasesTheUpstream() async throws {
        let (pacs, upstreamPort, lines) = try await TapPeers.pacs(maxPDU: 16_384)
        defer { pacs.stop() }
        try await withEngine(configure: TapPeers.forwarding(to: upstreamPort, policy: .ask)) { harness in
            async let run = TapPeers.modality(port: harness.port, maxPDU: 16_384, mode: "abort")
            let answered = try #require(await harness.waitFor { $0.forwardAnswered != nil }?.forwardAnswered)
            #expect(answered.forward.answer.stateName == "accepted")
            harness.engine.send(.reject(association: answered.association, result: 1, source: 1, reason: 3,
                                        remember: false))
            let result = try await run
            #expect(!result.established)
            #expect(result.rejected?.result == 1 && result.rejected?.source == 1 && result.rejected?.reason == 3)
            #expect(await lines.wait(for: { $0 == "RELEASED" }) != nil, "the PACS's association is released")
        }
    }
}
