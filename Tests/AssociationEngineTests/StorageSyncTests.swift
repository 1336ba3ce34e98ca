import Foundation
import NIOConcurrencyHelpers
import Testing
@testable import AssociationEngine

/// `--sync`: which flush happens before which answer. The flushes themselves are injected (counting or recording
/// hooks), so what is checked is the order the writer and the flusher promise, not the disk.
@Suite struct StorageSyncTests {
    typealias Sandbox = StorageWriterTests.Sandbox

    /// Counts the calls of an injected flush.
    final class Counter: Sendable {
        private let box = NIOLockedValueBox(0)
        var value: Int { box.withLockedValue { $0 } }
        func hook(_ fd: Int32) -> Int32? {
            box.withLockedValue { $0 += 1 }
            return nil
        }
    }

    static func store(_ storage: StorageWriter, uid: String) throws(StorageError) -> StoredFile {
        try StorageWriterTests.write(storage, ae: "SYNC", uid: uid, bytes: StorageWriterTests.dataSet(instance: uid))
    }

    @Test func eachFlushesTheFileAndItsDirectoryBeforeFinishReturns() throws {
        let sandbox = try Sandbox(); defer { sandbox.remove() }
        let files = Counter(), batches = Counter()
        let storage = try StorageWriter(directory: sandbox.store, sync: .each, fileSync: files.hook,
                                        fileSystemSync: batches.hook)
        let stored = try Self.store(storage, uid: "1.2.3.1")
        #expect(files.value == 2, "fsync of the file, then of its directory, before the C-STORE-RSP may go out")
        #expect(stored.durabilityTicket == 0 && storage.flusher == nil && batches.value == 0)
        _ = try Self.store(storage, uid: "1.2.3.2")
        #expect(files.value == 4)
    }

    @Test func noneNeverFlushes() throws {
        let sandbox = try Sandbox(); defer { sandbox.remove() }
        let files = Counter(), batches = Counter()
        let storage = try StorageWriter(directory: sandbox.store, sync: .none, flushInterval: 0,
                                        fileSync: files.hook, fileSystemSync: batches.hook)
        let stored = try Self.store(storage, uid: "1.2.3.1")
        #expect(FileManager.default.fileExists(atPath: try #require(stored.path)))
        #expect(files.value == 0 && batches.value == 0 && storage.flusher == nil && stored.durabilityTicket == 0)
    }

    /// `release`: the file is complete in place when `finish` returns (a crash loses nothing acknowledged), no
    /// per-file fsync, and the flusher makes it durable by itself, nobody waiting.
    @Test func releaseLinksAtOnceAndFlushesInTheBackground() async throws {
        let sandbox = try Sandbox(); defer { sandbox.remove() }
        let files = Counter(), batches = Counter()
        let storage = try StorageWriter(directory: sandbox.store, sync: .release, flushInterval: 0.01,
                                        fileSync: files.hook, fileSystemSync: batches.hook)
        let stored = try Self.store(storage, uid: "1.2.3.1")
        let path = try #require(stored.path)
        #expect(FileManager.default.fileExists(atPath: path))
        #expect(files.value == 0)
        let flusher = try #require(storage.flusher)
        #expect(stored.durabilityTicket == 1)
        for _ in 0..<1000 where flusher.durableTicket < stored.durabilityTicket {
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(flusher.durableTicket >= 1 && batches.value >= 1, "no one waited, the flusher flushed anyway")
    }

    /// A waiter is told only after the flush that covers its ticket has returned; a failed flush is reported to it.
    @Test func whenDurableFollowsTheFlushThatCoversTheTicket() async throws {
        let flushed = NIOLockedValueBox(0)
        let failing = NIOLockedValueBox(false)
        let flusher = DurabilityFlusher(interval: 3600) {
            if failing.withLockedValue({ $0 }) { return EIO }
            flushed.withLockedValue { $0 += 1 }
            return nil
        }
        let first = flusher.register(), second = flusher.register()
        #expect(await flusher.durable(second) == nil)
        #expect(flushed.withLockedValue { $0 } >= 1 && flusher.durableTicket >= second && first < second)
        failing.withLockedValue { $0 = true }
        let third = flusher.register()
        #expect(await flusher.durable(third) == EIO)
        #expect(flusher.durableTicket < third)
    }
}
