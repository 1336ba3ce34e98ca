import AssociationEngine
import DICOMUpperLayer
import Foundation
import NIOConcurrencyHelpers
import NIOCore
import SCUTestClient
import TestSupport
import Testing

/// `--sync` through the real server: when the C-STORE-RSP and the A-RELEASE-RP go out relative to the flushes.
@Suite(.timeLimit(.minutes(1)))
struct SyncThroughServerTests {
    static let ct = "1.2.840.10008.5.1.4.1.1.2", explicitLE = "1.2.840.10008.1.2.1"

    /// Associates, stores one small data set and returns the client after the C-STORE-RSP (status checked).
    static func storeOne(port: Int, instance: String) async throws -> SCUTestClient {
        let client = try await SCUTestClient.connect(port: port)
        let rq = SCUTestClient.associateRQ(calling: "SYNCTEST", contexts: [(1, ct, [explicitLE])])
        guard case .pdu(.associateAC) = try await client.associate(rq) else { throw Failure.noAC }
        let command = CStoreRQ(messageID: 5, affectedSOPClassUID: ct, affectedSOPInstanceUID: instance)
            .commandSet.encoded()
        try await client.send(.dataTF(PDataTF(values: [
            PresentationDataValue(presentationContextID: 1, messageControlHeader: .commandLast, fragment: command),
        ])))
        try await client.send(.dataTF(PDataTF(values: [
            PresentationDataValue(presentationContextID: 1, messageControlHeader: .dataLast,
                                  fragment: ByteBuffer(bytes: (0..<40_000).map { UInt8(truncatingIfNeeded: $0) })),
        ])))
        guard case .pdu(.dataTF(let response)) = await client.receive(timeout: .seconds(10)) else {
            throw Failure.noResponse
        }
        let rsp = try DIMSECommand(decoding: response.values[0].fragment)
        guard rsp.commandField == .cStoreRSP, rsp.status == .success else { throw Failure.noResponse }
        return client
    }

    enum Failure: Error { case noAC, noResponse }

    /// `release`: the C-STORE-RSP does not wait for the disk, the A-RELEASE-RP does. The flusher here never runs
    /// by itself (interval of an hour) and takes its time when asked, so an A-RELEASE-RP sent without waiting for
    /// it would arrive before `flushed` is set.
    @Test func releaseResponseWaitsForTheFlushOfTheAssociationsFiles() async throws {
        let work = NSTemporaryDirectory() + "assocmon-sync-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: work) }
        let flushed = NIOLockedValueBox(false)
        let storage = try StorageWriter(directory: work, sync: .release, flushInterval: 3600, fileSystemSync: { _ in
            Thread.sleep(forTimeInterval: 0.3)
            flushed.withLockedValue { $0 = true }
            return nil
        })
        try await withEngine(storage: storage, configure: { $0.policy = .accept; $0.noStore = false }) { harness in
            let client = try await Self.storeOne(port: harness.port, instance: "1.2.3.4.5.1")
            #expect(!flushed.withLockedValue { $0 }, "the C-STORE-RSP went out before any flush")
            guard case .pdu(.releaseRP) = try await client.release(timeout: .seconds(10)) else {
                Issue.record("no A-RELEASE-RP"); return
            }
            #expect(flushed.withLockedValue { $0 }, "the A-RELEASE-RP came only after the file was flushed")
            client.close()
            let stored = try #require(await harness.waitFor { $0.stored != nil }?.stored)
            #expect(FileManager.default.fileExists(atPath: try #require(stored.path)))
        }
    }

    /// `release` with nothing stored: the A-RELEASE-RP does not wait for a flush at all.
    @Test func releaseWithoutStoresIsAnsweredAtOnce() async throws {
        let work = NSTemporaryDirectory() + "assocmon-sync-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: work) }
        let flushes = NIOLockedValueBox(0)
        let storage = try StorageWriter(directory: work, sync: .release, flushInterval: 3600, fileSystemSync: { _ in
            flushes.withLockedValue { $0 += 1 }
            return nil
        })
        try await withEngine(storage: storage, configure: { $0.policy = .accept; $0.noStore = false }) { harness in
            let client = try await SCUTestClient.connect(port: harness.port)
            guard case .pdu(.associateAC) = try await client.associate() else { Issue.record("no AC"); return }
            guard case .pdu(.releaseRP) = try await client.release(timeout: .seconds(10)) else {
                Issue.record("no A-RELEASE-RP"); return
            }
            #expect(flushes.withLockedValue { $0 } == 0)
            client.close()
        }
    }

    /// `each`: the file and its directory are flushed before the C-STORE-RSP goes out.
    @Test func eachFlushesBeforeTheStoreResponse() async throws {
        let work = NSTemporaryDirectory() + "assocmon-sync-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: work) }
        let fsyncs = NIOLockedValueBox(0)
        let storage = try StorageWriter(directory: work, sync: .each, fileSync: { _ in
            fsyncs.withLockedValue { $0 += 1 }
            return nil
        })
        try await withEngine(storage: storage, configure: { $0.policy = .accept; $0.noStore = false }) { harness in
            let client = try await Self.storeOne(port: harness.port, instance: "1.2.3.4.5.2")
            #expect(fsyncs.withLockedValue { $0 } == 2, "file and directory were fsynced when the response arrived")
            guard case .pdu(.releaseRP) = try await client.release(timeout: .seconds(10)) else {
                Issue.record("no A-RELEASE-RP"); return
            }
            client.close()
        }
    }
}
