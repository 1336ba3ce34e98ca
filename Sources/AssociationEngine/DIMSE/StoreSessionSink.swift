import NIOCore

/// Streams a data set into a `StoreSession` (its own serial queue; the event loop never waits on the disk). When
/// the disk falls behind by `StoreSession.highWatermark` bytes it asks the handler to stop reading until the queue
/// drains to `lowWatermark`, so memory stays flat whatever the data set size.
final class StoreSessionSink: DataSetSink {
    let session: StoreSession

    init(session: StoreSession) {
        self.session = session
    }

    func append(_ fragment: ByteBuffer) -> SinkPressure {
        session.append(fragment) > StoreSession.highWatermark ? .pause : .keepReading
    }

    func whenCaughtUp(_ resume: @escaping @Sendable () -> Void) {
        session.whenQueued(atMost: StoreSession.lowWatermark, resume)
    }

    func finish(_ completion: @escaping @Sendable (Result<SinkResult, SinkFailure>) -> Void) {
        session.finish { result in
            switch result {
            case .success(let file):
                completion(.success(SinkResult(path: file.path, bytes: file.fileBytes,
                                               durabilityTicket: file.durabilityTicket)))
            case .failure(let error):
                completion(.failure(SinkFailure(status: error.status, message: error.description)))
            }
        }
    }

    func abort(_ done: @escaping @Sendable () -> Void) {
        session.abort(done)
    }
}
