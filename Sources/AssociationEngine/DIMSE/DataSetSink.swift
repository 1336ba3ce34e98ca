import NIOCore

/// Where the data set of a C-STORE-RQ goes while it arrives (PS3.4 Annex B). A sink knows nothing of the channel:
/// it says when it has fallen behind (`append` returns `.pause`) and when it has caught up, and the channel handler
/// stops and resumes reading from the peer; TCP carries the back-pressure to the requestor. Implementations never
/// block the event loop.
protocol DataSetSink: AnyObject {
    func append(_ fragment: ByteBuffer) -> SinkPressure
    /// After a `.pause`: `resume` runs (on any thread) once the sink has caught up.
    func whenCaughtUp(_ resume: @escaping @Sendable () -> Void)
    /// The data set is complete; `completion` runs once it is stored, on any thread (or at once, on the caller's).
    func finish(_ completion: @escaping @Sendable (Result<SinkResult, SinkFailure>) -> Void)
    /// Abort, transport loss, shutdown: drop everything, leave no file; `done` runs (on any thread) once the
    /// temporary file is gone.
    func abort(_ done: @escaping @Sendable () -> Void)
}

/// Whether the peer may keep sending (the sink's answer to a fragment).
enum SinkPressure: Sendable {
    case keepReading
    /// Stop reading from the peer until `DataSetSink.whenCaughtUp` calls back.
    case pause
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

    func append(_ fragment: ByteBuffer) -> SinkPressure {
        bytes += fragment.readableBytes
        return .keepReading
    }

    func whenCaughtUp(_ resume: @escaping @Sendable () -> Void) { resume() }

    func finish(_ completion: @escaping @Sendable (Result<SinkResult, SinkFailure>) -> Void) {
        completion(.success(SinkResult(path: nil, bytes: bytes)))
    }

    func abort(_ done: @escaping @Sendable () -> Void) { done() }
}
