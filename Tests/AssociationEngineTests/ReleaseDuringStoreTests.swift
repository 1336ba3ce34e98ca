import AssociationEngine
import AssociationEvents
import DICOMUpperLayer
import Foundation
import NIOCore
import SCUTestClient
import TestSupport
import Testing

/// A-RELEASE-RQ right behind a C-STORE's last fragment: the C-STORE-RSP goes out first
/// (AR-7, P-DATA in Sta8), then the A-RELEASE-RP; the file is complete.
@Suite(.timeLimit(.minutes(1)))
struct ReleaseDuringStoreTests {
    @Test func storeResponsePrecedesReleaseResponse() async throws {
        let work = NSTemporaryDirectory() + "assocmon-release-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: work) }
        try await withEngine(configure: {
            $0.policy = .accept
            $0.noStore = false
            $0.storageDirectory = work
        }) { harness in
            let ct = "1.2.840.10008.5.1.4.1.1.2", explicitLE = "1.2.840.10008.1.2.1"
            let client = try await SCUTestClient.connect(port: harness.port)
            let rq = SCUTestClient.associateRQ(calling: "RELEASER", contexts: [(1, ct, [explicitLE])])
            guard case .pdu(.associateAC) = try await client.associate(rq) else { Issue.record("no AC"); return }

            let instance = "1.2.3.4.5.6.7.8.9.1"
            let command = CStoreRQ(messageID: 3, affectedSOPClassUID: ct, affectedSOPInstanceUID: instance)
                .commandSet.encoded()
            var pdus: [PDU] = [.dataTF(PDataTF(values: [
                PresentationDataValue(presentationContextID: 1, messageControlHeader: .commandLast, fragment: command),
            ]))]
            let chunk = 200_000, chunks = 8
            var expected = Data()
            for index in 0..<chunks {
                let bytes = (0..<chunk).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ index) }
                expected.append(contentsOf: bytes)
                pdus.append(.dataTF(PDataTF(values: [
                    PresentationDataValue(presentationContextID: 1,
                                          messageControlHeader: index == chunks - 1 ? .dataLast : .dataMore,
                                          fragment: ByteBuffer(bytes: bytes)),
                ])))
            }
            pdus.append(.releaseRQ(AReleaseRQ()))
            var all = ByteBuffer()
            for pdu in pdus { try pdu.encode(into: &all) }
            try await client.send(bytes: Array(all.readableBytesView))

            guard case .pdu(.dataTF(let response)) = await client.receive(timeout: .seconds(10)) else {
                Issue.record("expected the C-STORE-RSP first"); return
            }
            let rsp = try DIMSECommand(decoding: response.values[0].fragment)
            #expect(rsp.commandField == .cStoreRSP && rsp.status == .success && rsp.messageIDBeingRespondedTo == 3)
            guard case .pdu(.releaseRP) = await client.receive(timeout: .seconds(10)) else {
                Issue.record("expected the A-RELEASE-RP after the response"); return
            }
            client.close()
            let stored = try #require(await harness.waitFor { $0.stored != nil }?.stored)
            let path = try #require(stored.path)
            let file = try Data(contentsOf: URL(fileURLWithPath: path))
            #expect(file.suffix(expected.count) == expected, "the data set is written whole, byte for byte")
            let states = harness.events.compactMap(\.dimseMessage).filter { $0.direction == .sent }.map(\.state)
            #expect(states == [.sta8], "the response was sent while the release was pending (AR-7)")
        }
    }
}
