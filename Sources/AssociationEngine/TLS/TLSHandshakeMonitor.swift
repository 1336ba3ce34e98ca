import Foundation
import NIOCore
import NIOSSL
import NIOTLS

/// Sits behind the `NIOSSLServerHandler` of a DICOM TLS connection and settles its handshake exactly once:
/// `TLSHandshakeOutcome.established(facts)` when it completes, or `.failed(reason)` — in plain words — when
/// BoringSSL refuses the peer, the peer closes, or the handshake outlasts the ARTIM timer (PS3.8 §9.1.5: the
/// timer runs from the transport connection until the A-ASSOCIATE-RQ, and the handshake is part of that).
///
/// A failed connection is closed here; its error is not passed on, so a bad peer never reaches the engine's
/// error handling, let alone stops it.
final class TLSHandshakeMonitor: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private enum State { case handshaking, established, failed }

    private let server: TLSServerContext
    private let observer: TLSHelloObserver
    private let timeout: TimeAmount
    private let now: @Sendable () -> Date
    private var state = State.handshaking
    private var timer: Scheduled<Void>?

    init(server: TLSServerContext, observer: TLSHelloObserver, timeout: TimeAmount,
         now: @escaping @Sendable () -> Date = { Date() }) {
        self.server = server; self.observer = observer; self.timeout = timeout; self.now = now
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { startTimer(context: context) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
    }

    func channelActive(context: ChannelHandlerContext) {
        startTimer(context: context)
        context.fireChannelActive()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if state == .handshaking, let tlsEvent = event as? TLSUserEvent, case .handshakeCompleted = tlsEvent {
            state = .established
            timer?.cancel()
            timer = nil
            let handler = try? context.pipeline.syncOperations.handler(type: NIOSSLHandler.self)
            let facts = TLSFactsExtractor.facts(version: handler?.tlsVersion, serverHello: observer.serverHello,
                                                peerCertificate: handler?.peerCertificate,
                                                mode: server.peerCertificateMode)
            context.fireUserInboundEventTriggered(TLSHandshakeOutcome.established(facts))
        }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        switch state {
        case .handshaking:
            fail(context: context, failure: failure(context: context, error: String(describing: error)))
        case .failed:
            break
        case .established:
            context.fireErrorCaught(error)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        if state == .handshaking {
            fail(context: context, failure: failure(context: context, error: nil))
        }
        timer?.cancel()
        timer = nil
        context.fireChannelInactive()
    }

    private func startTimer(context: ChannelHandlerContext) {
        guard timer == nil, state == .handshaking else { return }
        timer = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) { [self] in
            guard state == .handshaking else { return }
            var failure = failure(context: context, error: nil)
            failure.timedOutAfter = .nanoseconds(timeout.nanoseconds)
            fail(context: context, failure: failure)
        }
    }

    private func failure(context: ChannelHandlerContext, error: String?) -> TLSHandshakeFailure {
        let handler = try? context.pipeline.syncOperations.handler(type: NIOSSLHandler.self)
        return TLSHandshakeFailure(errorDescription: error, clientOpening: observer.clientOpening,
                                   bytesReceived: observer.bytesReceived, serverHelloSent: observer.serverHello != nil,
                                   peerCertificate: handler?.peerCertificate.map(CertificateFacts.init))
    }

    private func fail(context: ChannelHandlerContext, failure: TLSHandshakeFailure) {
        state = .failed
        timer?.cancel()
        timer = nil
        let reason = TLSHandshakeFailureClassifier.reason(failure, mode: server.peerCertificateMode,
                                                          trustRoots: server.trustRoots, now: now())
        context.fireUserInboundEventTriggered(TLSHandshakeOutcome.failed(reason: reason))
        if context.channel.isActive { context.close(promise: nil) }
    }
}
