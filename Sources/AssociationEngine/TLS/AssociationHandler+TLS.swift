import AssociationEvents
import Foundation
import NIOCore

/// The TLS side of a connection (PS3.15 Annex B): on the TLS port, DICOM's transport connection (PS3.8 Evt5) opens
/// when the handshake has finished; a failed handshake is a `transport-failed` event. On the plain port, a TLS
/// ClientHello is named instead of being aborted as an unrecognised PDU.
extension AssociationHandler {
    /// Evt5, transport connection indication: the state machine enters Sta2 (ARTIM starts) and `connection-opened`
    /// is published — at accept on the plain port, after the handshake (with its facts) on the TLS port.
    func transportConnected(context: ChannelHandlerContext) {
        fire(.transportConnectionIndication)
        publish(.connectionOpened(ConnectionOpened(
            association: id, peer: peer, local: engine.localDescription(context.channel.localAddress), time: now,
            state: machine.state, tls: tlsFacts)))
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard let outcome = event as? TLSHandshakeOutcome else {
            context.fireUserInboundEventTriggered(event)
            return
        }
        switch outcome {
        case .established(let facts):
            tlsFacts = facts
            let subject = facts.peerCertificateSubject ?? "none"
            logger.debug("TLS \(facts.protocol) \(facts.cipherSuite), peer certificate \(subject)")
            guard context.channel.isActive, !lifecycle.shuttingDown else { return }
            transportConnected(context: context)
        case .failed(let reason):
            logger.info("TLS handshake with \(peer) failed: \(reason)")
            publish(.transportFailed(TransportFailed(association: id, peer: peer, reason: reason, time: now,
                                                         state: .sta1)))
        }
    }

    /// The first byte on the plain port was a TLS handshake record (0x16), which cannot start a PDU (PS3.8 Table
    /// 9-11): the peer is told nothing, the event says what happened, and the connection is closed.
    func refuseWrongProtocol(_ reason: String) {
        logger.info("\(peer): \(reason)")
        publish(.transportFailed(TransportFailed(association: id, peer: peer, reason: reason, time: now,
                                                     state: .sta1)))
        discardInput = true
        context?.close(promise: nil)
    }
}
