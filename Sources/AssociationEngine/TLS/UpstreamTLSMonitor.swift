import AssociationEvents
import Foundation
import NIOCore
import NIOSSL
import NIOTLS

/// Sits behind the `NIOSSLClientHandler` of tap mode's upstream leg and settles its handshake exactly once:
/// `onOutcome(.established(facts))` when it completes (the PACS's certificate verified), or `.failed(reason)` in
/// plain words when BoringSSL or the hostname check refuses the PACS, or the PACS closes first. It runs before the
/// `RequestorChannelHandler` behind it hears of the failure, so the upstream is reported `unreachable` with the
/// reason rather than as a lost connection. A failed connection is closed here and its error not passed on.
///
/// After the handshake an alert from the PACS (TLS 1.3 refusing our client certificate) is reported as a failure too;
/// the engine ignores it once the PACS has answered the A-ASSOCIATE-RQ.
///
/// The handshake's duration is bounded by `--forward-timeout`, which runs from the connect to the A-ASSOCIATE-AC.
final class UpstreamTLSMonitor: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private enum State { case handshaking, established, failed }

    private let client: TLSClientContext
    private let reader: ServerHelloReader
    private let host: String
    private let onOutcome: (TLSHandshakeOutcome) -> Void
    private var state = State.handshaking
    private var lateFailureReported = false

    init(client: TLSClientContext, reader: ServerHelloReader, host: String,
         onOutcome: @escaping (TLSHandshakeOutcome) -> Void) {
        self.client = client; self.reader = reader; self.host = host; self.onOutcome = onOutcome
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if state == .handshaking, let tlsEvent = event as? TLSUserEvent, case .handshakeCompleted = tlsEvent {
            state = .established
            let handler = try? context.pipeline.syncOperations.handler(type: NIOSSLHandler.self)
            // `.require`: the PACS's certificate is always verified on this leg.
            onOutcome(.established(TLSFactsExtractor.facts(version: handler?.tlsVersion, serverHello: reader.serverHello,
                                                           peerCertificate: handler?.peerCertificate, mode: .require)))
        }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        switch state {
        case .handshaking:
            fail(context: context, error: String(describing: error))
        case .failed:
            break
        case .established:
            // In TLS 1.3 the client's handshake is complete before the server has checked the client's
            // certificate (RFC 8446 §4.4.4): a PACS refusing ours answers with an alert afterwards. While the
            // upstream has not answered the A-ASSOCIATE-RQ, that is still the handshake's failure.
            if !lateFailureReported {
                lateFailureReported = true
                let description = String(describing: error)
                if TLSHandshakeFailureClassifier.alertName(in: description) != nil {
                    onOutcome(.failed(reason: UpstreamTLSFailureClassifier.reason(
                        error: description, peerCertificate: nil, trustRoots: client.trustRoots, host: host)))
                }
            }
            context.fireErrorCaught(error)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        if state == .handshaking { fail(context: context, error: nil) }
        context.fireChannelInactive()
    }

    private func fail(context: ChannelHandlerContext, error: String?) {
        state = .failed
        let handler = try? context.pipeline.syncOperations.handler(type: NIOSSLHandler.self)
        let certificate = handler?.peerCertificate.map(CertificateFacts.init)
        onOutcome(.failed(reason: UpstreamTLSFailureClassifier.reason(
            error: error, peerCertificate: certificate, trustRoots: client.trustRoots, host: host)))
        if context.channel.isActive { context.close(promise: nil) }
    }
}

extension TLSClientContext {
    /// Puts DICOM TLS in front of an upstream channel's pipeline: `ServerHelloReader`, `NIOSSLClientHandler`,
    /// `UpstreamTLSMonitor`. A host name is sent as SNI and checked against the certificate's DNS names; an IP
    /// address (no SNI, RFC 6066 §3) is checked against its IP address entries.
    func addClientHandlers(to pipeline: ChannelPipeline.SynchronousOperations, host: String,
                           onOutcome: @escaping (TLSHandshakeOutcome) -> Void) throws {
        let isAddress = (try? SocketAddress(ipAddress: host, port: 0)) != nil
        let reader = ServerHelloReader()
        let ssl = try NIOSSLClientHandler(context: sslContext, serverHostname: isAddress ? nil : host)
        let monitor = UpstreamTLSMonitor(client: self, reader: reader, host: host, onOutcome: onOutcome)
        try pipeline.addHandlers([reader, ssl, monitor], position: .first)
    }
}
