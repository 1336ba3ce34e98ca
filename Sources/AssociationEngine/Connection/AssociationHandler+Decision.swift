import AssociationEvents
import DICOMUpperLayer
import Foundation
import NIOCore

/// Sta3 as the engine reaches it: commands about the held request go to the `DecisionWindow`; the operator's
/// abort and the graceful stop act on the connection.
extension AssociationHandler: DecisionLeg {
    func operatorAccept(contexts: [ContextDecision]?, roles: [RoleSelection]?, remember: Bool) {
        decision?.operatorAccept(contexts: contexts, roles: roles, remember: remember)
    }

    func operatorReject(result: Int, source: Int, reason: Int, remember: Bool) {
        decision?.operatorReject(result: result, source: source, reason: reason, remember: remember)
    }

    /// A rule was just added: whether it decided the held request.
    func applyRule(onLine line: Int) -> Bool { decision?.applyRule(onLine: line) ?? false }

    func execute(_ step: DecisionStep, detail: String?) { decision?.execute(step, detail: detail) }

    func forwardChanged(_ forward: Forward) { decision?.forwardChanged(forward) }

    func established(_ negotiated: NegotiatedAssociation?) {
        self.negotiated = negotiated
        if lifecycle.shuttingDown { beginShutdownOfEstablished() }
    }

    func operatorAbort() {
        if !fire(.abortRequest(origin: .operator)) {
            // Sta2 (no request yet) and Sta13 have no Evt15 entry: just drop the transport.
            logger.info("abort in \(machine.state): closing the connection")
            context?.close(promise: nil)
        }
        tap?.requestorEnded()
    }

    /// Graceful stop: a held request gets 2/3/1 (shutdown); idle transports close; established associations are
    /// left to `beginShutdownOfEstablished()`.
    func beginShutdown() {
        lifecycle.shuttingDown = true
        switch machine.state {
        case .sta3:
            decision?.execute(.reject(result: 2, source: 3, reason: 1, by: .shutdown))
            closeSoon()
        case .sta1, .sta2, .sta13: context?.close(promise: nil)
        default: beginShutdownOfEstablished()
        }
    }

    /// Sta13 during shutdown: give the peer a moment to read our last PDU and close, then close ourselves
    /// rather than wait the whole ARTIM period.
    func closeSoon() {
        guard let loop = context?.eventLoop else { return }
        let bound = NIOLoopBound(self, eventLoop: loop)
        loop.scheduleTask(in: .clamping(seconds: min(engine.options.artimTimeout, 1))) {
            bound.value.context?.close(promise: nil)
        }
    }
}
