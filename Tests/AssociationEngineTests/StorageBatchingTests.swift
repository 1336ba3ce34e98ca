import Dispatch
import Foundation
import NIOCore
import Testing
@testable import AssociationEngine

/// The store path's shortcuts keep the guarantees: AE directories stay open between files yet a deleted one is
/// created again and a planted symbolic link is still refused; a session woken only per batch still answers a
/// waiter that asks for less than a batch.
@Suite struct StorageBatchingTests {
    typealias Sandbox = StorageWriterTests.Sandbox

    @Test func aDeletedAEDirectoryIsCreatedAgainByTheNextStore() throws {
        let sandbox = try Sandbox(); defer { sandbox.remove() }
        let storage = try StorageWriter(directory: sandbox.store, sync: .none)
        let first = try StorageWriterTests.write(storage, ae: "CT", uid: "1.1",
                                                 bytes: StorageWriterTests.dataSet(instance: "1.1"))
        #expect(first.path == sandbox.store + "/CT/1.1.dcm")
        try FileManager.default.removeItem(atPath: sandbox.store + "/CT")
        let second = try StorageWriterTests.write(storage, ae: "CT", uid: "1.2",
                                                  bytes: StorageWriterTests.dataSet(instance: "1.2"))
        #expect(second.path == sandbox.store + "/CT/1.2.dcm")
        #expect(sandbox.files() == ["store/CT/1.2.dcm"])
        let data = try #require(FileManager.default.contents(atPath: sandbox.store + "/CT/1.2.dcm"))
        #expect(Array(data.suffix(StorageWriterTests.dataSet(instance: "1.2").count))
                == StorageWriterTests.dataSet(instance: "1.2"))
    }

    /// The AE directory was open from the first store; replaced by a symbolic link, the next store must not
    /// follow the link (the reopen uses `O_NOFOLLOW` like the first open).
    @Test func anAEDirectoryReplacedByASymbolicLinkIsNotFollowed() throws {
        let sandbox = try Sandbox(); defer { sandbox.remove() }
        let storage = try StorageWriter(directory: sandbox.store, sync: .none)
        _ = try StorageWriterTests.write(storage, ae: "CT", uid: "1.1", bytes: [0, 0])
        try FileManager.default.removeItem(atPath: sandbox.store + "/CT")
        try FileManager.default.createDirectory(atPath: sandbox.root + "/outside", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: sandbox.store + "/CT",
                                                   withDestinationPath: sandbox.root + "/outside")
        #expect(throws: StorageError.self) {
            _ = try StorageWriterTests.write(storage, ae: "CT", uid: "1.2", bytes: [0, 0])
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: sandbox.root + "/outside").isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: sandbox.store + "/.tmp").isEmpty)
    }

    /// Less than a batch queued wakes nobody by itself; a waiter for less than that must still be answered (the
    /// handler's resume after back-pressure depends on it).
    @Test func aWaiterBelowTheBatchSizeIsAnsweredBeforeFinish() async throws {
        let sandbox = try Sandbox(); defer { sandbox.remove() }
        let storage = try StorageWriter(directory: sandbox.store, sync: .none)
        let session = storage.startSession(callingAETitle: "CT", sopClassUID: StorageWriterTests.ctImage,
                                           sopInstanceUID: "3.1", transferSyntaxUID: StorageWriterTests.explicitLE)
        let fragment = ByteBuffer(repeating: 7, count: 64 * 1024)
        #expect(session.append(fragment) == 64 * 1024)
        #expect(64 * 1024 < StoreSession.drainThreshold)
        let answered = DispatchSemaphore(value: 0)
        session.whenQueued(atMost: 0) { answered.signal() }
        #expect(answered.wait(timeout: .now() + 20) == .success, "the waiter was never answered")
        #expect(session.queuedBytes == 0)
        let file = try await session.finish()
        #expect(file.dataSetBytes == 64 * 1024)
        #expect(sandbox.files() == ["store/CT/3.1.dcm"])
    }

    /// A session aborted before its first batch never creates a file: nothing appears, not even in `.tmp`.
    @Test func aSessionAbortedBeforeItsFirstBatchLeavesNothing() async throws {
        let sandbox = try Sandbox(); defer { sandbox.remove() }
        let storage = try StorageWriter(directory: sandbox.store, sync: .none)
        let session = storage.startSession(callingAETitle: "CT", sopClassUID: StorageWriterTests.ctImage,
                                           sopInstanceUID: "3.2", transferSyntaxUID: StorageWriterTests.explicitLE)
        session.append(ByteBuffer(repeating: 1, count: 1000))
        await session.abortAndWait()
        #expect(sandbox.files().isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: sandbox.store + "/.tmp").isEmpty)
    }
}
