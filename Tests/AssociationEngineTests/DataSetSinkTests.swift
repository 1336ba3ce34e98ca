import Foundation
import NIOConcurrencyHelpers
import NIOCore
import Testing
@testable import AssociationEngine

/// The sink's side of back-pressure: it asks to pause once the disk is behind by the high watermark and calls back
/// once it has caught up, without knowing any channel.
@Suite struct DataSetSinkTests {
    @Test func storeSinkAsksToPauseAndCallsBackWhenCaughtUp() async throws {
        let sandbox = try StorageWriterTests.Sandbox(); defer { sandbox.remove() }
        let storage = try StorageWriter(directory: sandbox.store, bufferCapacity: 256 << 10)
        let sink = StoreSessionSink(session: storage.startSession(
            callingAETitle: "SINK", sopClassUID: StorageWriterTests.ctImage, sopInstanceUID: "7.8",
            transferSyntaxUID: StorageWriterTests.explicitLE))
        let fragment = ByteBuffer(repeating: 0x5A, count: 64 << 10)
        var appended = 0
        var pauses = 0
        for _ in 0..<(64 << 20) / fragment.readableBytes {
            appended += fragment.readableBytes
            guard sink.append(fragment) == .pause else { continue }
            pauses += 1
            let resumed = NIOLockedValueBox(false)
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                sink.whenCaughtUp {
                    resumed.withLockedValue { $0 = true }
                    continuation.resume()
                }
            }
            #expect(resumed.withLockedValue { $0 })
        }
        #expect(pauses > 0, "64 MiB appended faster than a disk writes must reach the high watermark")
        // Paused at once each time: the queue never grew past the high watermark by more than one fragment.
        #expect(sink.session.peakQueuedBytes <= StoreSession.highWatermark + fragment.readableBytes)
        let result = await withCheckedContinuation { continuation in sink.finish { continuation.resume(returning: $0) } }
        guard case .success(let stored) = result else {
            Issue.record("store failed: \(result)")
            return
        }
        #expect(stored.bytes >= appended)
    }

    @Test func discardingSinkNeverPauses() {
        let sink = DiscardingSink()
        for _ in 0..<1_000 {
            #expect(sink.append(ByteBuffer(repeating: 0, count: 1 << 20)) == .keepReading)
        }
    }
}
