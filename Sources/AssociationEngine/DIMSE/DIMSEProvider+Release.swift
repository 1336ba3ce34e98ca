import AssociationEvents
import Foundation
import NIOCore

/// The end of an established association as the DIMSE side sees it: a release answered only after the last
/// pending answer (PS3.8 §9.2 AR-7 allows P-DATA in Sta8) and once what was stored is durable, and a data set
/// being received dropped on an abort.
extension DIMSEProvider {
    /// The peer asked to release (AR-2). Answer at once unless a C-STORE is still being written: its response must
    /// go out first, then the A-RELEASE-RP.
    func releaseRequested() {
        if answersPending > 0 {
            releaseAfterAnswers = true
            return
        }
        releaseWhenDurable()
    }

    /// An answer went out: a release waiting for the last one goes on.
    func answered() {
        if releaseAfterAnswers, answersPending == 0, leg?.legState == .sta8 {
            releaseWhenDurable()
        }
    }

    /// With `StorageSyncMode.release` the A-RELEASE-RP (PS3.8 §7.2) is the durability promise: it goes out only
    /// once the flusher reports every file this association stored on stable storage, so a requestor that saw its
    /// release answered has lost nothing even on power loss. The event loop never waits: the flusher calls back.
    /// A failed flush cannot keep that promise: the association is aborted (A-ABORT source 2, reason 0) instead.
    private func releaseWhenDurable() {
        releaseAfterAnswers = false
        let ticket = processor.durabilityTicket
        guard ticket > 0, let flusher = engine.storage?.flusher, flusher.durableTicket < ticket, let leg else {
            return Self.sendReleaseResponse(on: leg)
        }
        let bound = NIOLoopBound((self, leg), eventLoop: loop)
        let loop = self.loop
        flusher.whenDurable(ticket) { error in
            loop.execute {
                let (provider, leg) = bound.value
                guard leg.legState == .sta8 else { return }
                if let error {
                    let message = "cannot make the stored files durable: \(String(cString: strerror(error)))"
                        + " (errno \(error)); the association is aborted instead of released"
                    provider.logger.error("\(message)")
                    leg.abortInvalid(reason: 0, detail: message)
                } else {
                    Self.sendReleaseResponse(on: leg)
                }
            }
        }
    }

    /// AR-4: the A-RELEASE-RP to a release the peer asked for.
    static func sendReleaseResponse(on leg: (any AssociationLeg)?) {
        guard let leg, leg.fire(.releaseResponse) else { return }
        leg.publish(.released(Released(association: leg.association, by: .peer, time: Date(), state: leg.legState)))
    }

    /// Abort, transport loss: a data set being received is dropped and its temporary file removed. The connection
    /// stays registered until the removal is done (`isBusy`), so a graceful stop never exits with a partial file.
    func abandonDataSet() {
        if let sink = processor.inFlight?.sink, let leg {
            abandonsInFlight += 1
            let bound = NIOLoopBound((self, leg), eventLoop: loop)
            let loop = self.loop
            sink.abort {
                loop.execute {
                    let (provider, leg) = bound.value
                    provider.abandonsInFlight -= 1
                    leg.answerSettled()
                }
            }
        } else {
            processor.inFlight?.sink?.abort {}
        }
        processor.inFlight = nil
    }
}
