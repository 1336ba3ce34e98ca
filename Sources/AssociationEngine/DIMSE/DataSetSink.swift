import NIOCore

/// Where the data set of a C-STORE-RQ goes while it arrives (PS3.4 Annex B). Implementations never block the event
/// loop; `finish` calls back on the handler's event loop.
protocol DataSetSink: AnyObject {
    func append(_ fragment: ByteBuffer, handler: AssociationHandler)
    func finish(handler: AssociationHandler,
                _ completion: @escaping (AssociationHandler, Result<SinkResult, SinkFailure>) -> Void)
    /// Abort, transport loss, shutdown: drop everything, leave no file; `done` runs (on any thread) once the
    /// temporary file is gone.
    func abort(_ done: @escaping @Sendable () -> Void)
}

struct SinkResult: Sendable {
    var path: String?
    /// Bytes on disk (file) or received (discarded).
    var bytes: Int
    /// What the A-RELEASE-RP waits for with `StorageSyncMode.release` (`StoredFile.durabilityTicket`); 0: nothing.
    var durabilityTicket: UInt64 = 0
}

/// A store that failed; `status` is the C-STORE-RSP status (0xA700 out of resources, 0xC000 cannot understand).
struct SinkFailure: Error, Sendable {
    var status: UInt16
    var message: String
}

/// `--no-store`: counts the bytes and forgets them.
final class DiscardingSink: DataSetSink {
    private var bytes = 0

    func append(_ fragment: ByteBuffer, handler: AssociationHandler) {
        bytes += fragment.readableBytes
    }

    func finish(handler: AssociationHandler,
                _ completion: @escaping (AssociationHandler, Result<SinkResult, SinkFailure>) -> Void) {
        completion(handler, .success(SinkResult(path: nil, bytes: bytes)))
    }

    func abort(_ done: @escaping @Sendable () -> Void) { done() }
}
