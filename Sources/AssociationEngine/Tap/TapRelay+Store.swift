import AssociationEvents
import DICOMUpperLayer
import Foundation
import NIOCore

/// `--tap-store`: a Part-10 copy of every C-STORE data set relayed through the tap (C-STOREs from the requestor,
/// and the C-GET sub-operations from the upstream), written by the engine's `StorageWriter` as the fragments pass —
/// never the whole data set in memory; the file meta information carries the context's accepted transfer syntax
/// (PS3.10 §7.1). The copy never changes what is relayed: a copy that fails is logged and dropped.
extension TapRelay {
    /// Feeds one relayed PDV to the copy of its leg, after `RelayedMessageWatcher.observe` saw it; `completed` is the
    /// message that PDV completed, if any.
    func copyRelayed(_ pdv: PresentationDataValue, leg side: DIMSELeg, watcher: RelayedMessageWatcher,
                     completed: RelayedMessageWatcher.Message?) {
        guard engine.options.tapStore, !pdv.messageControlHeader.isCommand else { return }
        var session = side == .requestor ? leg.copyFromRequestor : leg.copyFromUpstream
        let command = completed?.command ?? watcher.currentCommand
        if session == nil, let command, command.commandField == .cStoreRQ, let storage = engine.storage,
           let sopClass = command.affectedSOPClassUID, let sopInstance = command.affectedSOPInstanceUID,
           let syntax = leg.upstreamAC?.presentationContexts.first(where: { $0.id == pdv.presentationContextID })?
               .transferSyntax {
            session = storage.startSession(callingAETitle: leg.upstreamRQ.callingAETitle, sopClassUID: sopClass,
                                           sopInstanceUID: sopInstance, transferSyntaxUID: syntax,
                                           calledAETitle: leg.upstreamRQ.calledAETitle)
        }
        guard let current = session else { return }
        if current.append(pdv.fragment) > StoreSession.highWatermark { pauseForCopy(current, leg: side) }
        if completed != nil {
            finishCopy(current)
            session = nil
        }
        if side == .requestor { leg.copyFromRequestor = session } else { leg.copyFromUpstream = session }
    }

    /// The disk is behind: the leg the data set comes from stops reading until the copy's queue has drained to
    /// the low watermark (TCP carries it to the sender), so a copy never grows in memory without bound.
    private func pauseForCopy(_ session: StoreSession, leg side: DIMSELeg) {
        let bound = NIOLoopBound(self, eventLoop: loop)
        let loop = self.loop
        if side == .requestor {
            requestor?.setReading(false)
            session.whenQueued(atMost: StoreSession.lowWatermark) {
                loop.execute { bound.value.requestor?.setReading(true) }
            }
        } else if let channel = leg.channel {
            channel.setOption(ChannelOptions.autoRead, value: false).whenComplete { _ in }
            session.whenQueued(atMost: StoreSession.lowWatermark) {
                loop.execute { channel.setOption(ChannelOptions.autoRead, value: true).whenComplete { _ in } }
            }
        }
    }

    /// Completes a copy; its `stored` event comes before `connection-closed`, which waits for the last copy (the
    /// requestor leg is held until then).
    private func finishCopy(_ session: StoreSession) {
        guard let requestor else { return session.abort() }
        let bound = NIOLoopBound((self, requestor), eventLoop: loop)
        let loop = self.loop
        leg.copiesFinishing += 1
        session.finish { result in
            loop.execute {
                let (relay, requestor) = bound.value
                defer {
                    relay.leg.copiesFinishing -= 1
                    if relay.leg.copiesFinishing == 0 { requestor.copiesFinished() }
                }
                switch result {
                case .success(let file):
                    requestor.flushRelayed()
                    requestor.publish(.stored(Stored(association: requestor.association, sopClassUID: file.sopClassUID,
                                                     sopInstanceUID: file.sopInstanceUID, path: file.path,
                                                     bytes: file.dataSetBytes, time: Date(),
                                                     state: requestor.legState)))
                case .failure(let error):
                    relay.logger.error("tap copy of a C-STORE failed: \(error)")
                }
            }
        }
    }

    /// The association ended: copies still under way are incomplete and are removed.
    func abandonCopies() {
        leg.copyFromRequestor?.abort()
        leg.copyFromUpstream?.abort()
        leg.copyFromRequestor = nil
        leg.copyFromUpstream = nil
    }
}
