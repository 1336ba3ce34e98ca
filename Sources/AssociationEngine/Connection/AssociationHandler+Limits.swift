import AssociationEvents
import Foundation

/// Admission limits seen from one connection (see `ConnectionRegistry`): a silent connection closed to make room,
/// and a request refused because too many associations are open.
extension AssociationHandler {
    /// Closes this connection if it still has not sent an A-ASSOCIATE-RQ: in Sta2 through the state machine's
    /// ARTIM-expiry transition (AA-2, close the transport; PS3.8 Table 9-10), during a TLS handshake by closing the
    /// channel. No PDU is sent, as PS3.8 defines none before a request. If the request arrived in the meantime the
    /// connection is an association now and is left alone.
    func closeSilentConnection(reason: String) {
        guard !machine.requestReceived, let context, context.channel.isActive, !lifecycle.closed else { return }
        logger.info("\(peer): \(reason)")
        publish(.transportFailed(TransportFailed(association: id, peer: peer, reason: reason, time: now,
                                                 state: .sta1)))
        if machine.state == .sta2 {
            fire(.artimExpired)
        } else {
            context.close(promise: nil)
        }
        flushEvents()
    }
}
