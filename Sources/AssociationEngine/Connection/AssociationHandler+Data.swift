import AssociationEvents
import DICOMUpperLayer
import Foundation
import NIOCore

/// Sta6–Sta8: an established association (PS3.8 §9.2 DT-2, AR-2, AA-1): its PDVs to the `DIMSEProvider`, or to the
/// `TapRelay` when tapped; release and shutdown.
extension AssociationHandler {
    /// DT-2 / AR-6: a P-DATA-TF arrived.
    func dataArrived(_ pData: PDataTF) {
        if let tap { return tap.relayFromRequestor(pData, asReceived: receivedBytes) }
        guard let negotiated, let loop = context?.eventLoop else { return }
        if dimse == nil {
            dimse = DIMSEProvider(negotiated: negotiated, leg: self, engine: engine, loop: loop, logger: logger)
        }
        dimse?.received(pData)
    }

    /// AR-2: the peer asked to release; tapped, the release is relayed upstream.
    func releaseRequested() {
        publish(.releaseRequested(ReleaseRequested(association: id, time: now, state: machine.state)))
        if let tap {
            tap.releaseRequested()
        } else if let dimse {
            dimse.releaseRequested()
        } else {
            DIMSEProvider.sendReleaseResponse(on: self)
        }
    }

    /// Shutdown of an established association: once no store is running, abort it (source 0); a running store
    /// gets `shutdownGrace` seconds first.
    func beginShutdownOfEstablished() {
        guard machine.state != .sta13, machine.state != .sta1 else { return }
        if (dimse?.answersPending ?? 0) > 0 || dimse?.isReceivingDataSet == true {
            guard let loop = context?.eventLoop, shutdownTimer == nil else { return }
            let bound = NIOLoopBound(self, eventLoop: loop)
            shutdownTimer = loop.scheduleTask(in: .clamping(seconds: engine.options.shutdownGrace)) {
                let handler = bound.value
                handler.fire(.abortRequest(origin: .shutdown))
                handler.closeSoon()
            }
            return
        }
        fire(.abortRequest(origin: .shutdown))
        closeSoon()
    }

    /// Abort, transport loss: the data set being received is dropped, and so is the upstream leg when tapped.
    func abandonWork() {
        dimse?.abandonDataSet()
        shutdownTimer?.cancel()
        shutdownTimer = nil
        tap?.requestorEnded()
    }

    /// An answer went out or a dropped data set is removed: a shutdown waiting for the stores goes on, and a closed
    /// connection is forgotten once nothing is pending.
    func answerSettled() {
        if lifecycle.shuttingDown, (dimse?.answersPending ?? 0) == 0 {
            beginShutdownOfEstablished()
        }
        settle()
    }
}
