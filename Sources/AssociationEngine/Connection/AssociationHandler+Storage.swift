import DICOMUpperLayer
import NIOCore

extension AssociationHandler {
    /// The sink for one C-STORE data set: a Part-10 file under `--storage-dir` (`StorageWriter`), or counted and
    /// dropped with `--no-store`.
    func makeStoreSink(for command: DIMSECommand, context: NegotiatedAssociation.Context) -> any DataSetSink {
        guard let storage = engine.storage, !storage.isDiscarding else { return DiscardingSink() }
        let session = storage.startSession(
            callingAETitle: negotiated?.callingAETitle ?? "", sopClassUID: command.affectedSOPClassUID ?? "",
            sopInstanceUID: command.affectedSOPInstanceUID ?? "", transferSyntaxUID: context.transferSyntax)
        return StoreSessionSink(session: session)
    }
}

/// Streams a data set into a `StoreSession` (its own serial queue; the event loop never waits on the disk). When
/// the disk falls behind by `StoreSession.highWatermark` bytes the channel stops reading (TCP backpressure reaches
/// the peer) until the queue drains to `lowWatermark`, so memory stays flat whatever the data set size.
final class StoreSessionSink: DataSetSink {
    let session: StoreSession
    private var paused = false

    init(session: StoreSession) {
        self.session = session
    }

    func append(_ fragment: ByteBuffer, handler: AssociationHandler) {
        let queued = session.append(fragment)
        guard queued > StoreSession.highWatermark, !paused, let channel = handler.context?.channel else { return }
        paused = true
        channel.setOption(ChannelOptions.autoRead, value: false).whenComplete { _ in }
        let loop = channel.eventLoop
        let bound = NIOLoopBound(self, eventLoop: loop)
        session.whenQueued(atMost: StoreSession.lowWatermark) {
            loop.execute {
                bound.value.paused = false
                channel.setOption(ChannelOptions.autoRead, value: true).whenComplete { _ in }
            }
        }
    }

    func finish(handler: AssociationHandler,
                _ completion: @escaping (AssociationHandler, Result<SinkResult, SinkFailure>) -> Void) {
        guard let loop = handler.context?.eventLoop else {
            session.abort(nil)
            return
        }
        let bound = NIOLoopBound((handler, completion), eventLoop: loop)
        session.finish { result in
            loop.execute {
                let (handler, completion) = bound.value
                switch result {
                case .success(let file):
                    completion(handler, .success(SinkResult(path: file.path, bytes: file.fileBytes,
                                                            durabilityTicket: file.durabilityTicket)))
                case .failure(let error):
                    completion(handler, .failure(SinkFailure(status: error.status, message: error.description)))
                }
            }
        }
    }

    func abort(_ done: @escaping @Sendable () -> Void) {
        session.abort(done)
    }
}
