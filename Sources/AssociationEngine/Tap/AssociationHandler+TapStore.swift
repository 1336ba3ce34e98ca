import AssociationEvents
import DICOMUpperLayer
import Foundation
import NIOCore

/// `--tap-store`: a Part-10 copy of every C-STORE data set relayed through the tap (C-STOREs from the requestor,
/// and the C-GET sub-operations from the upstream), written by the engine's `StorageWriter` as the fragments pass —
/// never the whole data set in memory; the file meta information carries the context's accepted transfer syntax
/// (PS3.10 §7.1). The copy never changes what is relayed: a copy that fails is logged and dropped.
extension AssociationHandler {
    /// Feeds one relayed PDV to the copy of its leg, after `RelayedMessageWatcher.observe` saw it; `completed` is the
    /// message that PDV completed, if any.
    func copyRelayed(_ pdv: PresentationDataValue, leg: DIMSELeg, watcher: RelayedMessageWatcher,
                     completed: RelayedMessageWatcher.Message?) {
        guard engine.options.tapStore, let tap, !pdv.messageControlHeader.isCommand else { return }
        var session = leg == .requestor ? tap.copyFromRequestor : tap.copyFromUpstream
        let command = completed?.command ?? watcher.currentCommand
        if session == nil, let command, command.commandField == .cStoreRQ, let storage = engine.storage,
           let sopClass = command.affectedSOPClassUID, let sopInstance = command.affectedSOPInstanceUID,
           let syntax = tap.upstreamAC?.presentationContexts.first(where: { $0.id == pdv.presentationContextID })?
               .transferSyntax {
            session = storage.startSession(callingAETitle: tap.upstreamRQ.callingAETitle, sopClassUID: sopClass,
                                           sopInstanceUID: sopInstance, transferSyntaxUID: syntax,
                                           calledAETitle: tap.upstreamRQ.calledAETitle)
        }
        guard let current = session else { return }
        if current.append(pdv.fragment) > StoreSession.highWatermark { pauseForCopy(current, leg: leg) }
        if completed != nil {
            finishCopy(current)
            session = nil
        }
        if leg == .requestor { tap.copyFromRequestor = session } else { tap.copyFromUpstream = session }
    }

    /// The disk is behind: the leg the data set comes from stops reading until the copy's queue has drained to
    /// the low watermark (TCP carries it to the sender), so a copy never grows in memory without bound.
    private func pauseForCopy(_ session: StoreSession, leg: DIMSELeg) {
        guard let loop = context?.eventLoop,
              let channel = leg == .requestor ? context?.channel : tap?.channel else { return }
        channel.setOption(ChannelOptions.autoRead, value: false).whenComplete { _ in }
        session.whenQueued(atMost: StoreSession.lowWatermark) {
            loop.execute { channel.setOption(ChannelOptions.autoRead, value: true).whenComplete { _ in } }
        }
    }

    private func finishCopy(_ session: StoreSession) {
        guard let loop = context?.eventLoop else { return session.abort() }
        let bound = NIOLoopBound(self, eventLoop: loop)
        tap?.copiesFinishing += 1
        session.finish { result in
            loop.execute {
                let handler = bound.value
                defer {
                    handler.tap?.copiesFinishing -= 1
                    if handler.closedReported, handler.tap?.copiesFinishing == 0 { handler.reportClosed() }
                }
                switch result {
                case .success(let file):
                    handler.flushEvents()
                    handler.publish(.stored(Stored(association: handler.id, sopClassUID: file.sopClassUID,
                                                   sopInstanceUID: file.sopInstanceUID, path: file.path,
                                                   bytes: file.dataSetBytes, time: handler.now,
                                                   state: handler.machine.state)))
                case .failure(let error):
                    handler.logger.error("tap copy of a C-STORE failed: \(error)")
                }
            }
        }
    }

    /// The association ended: copies still under way are incomplete and are removed.
    func abandonCopies() {
        tap?.copyFromRequestor?.abort()
        tap?.copyFromUpstream?.abort()
        tap?.copyFromRequestor = nil
        tap?.copyFromUpstream = nil
    }
}
