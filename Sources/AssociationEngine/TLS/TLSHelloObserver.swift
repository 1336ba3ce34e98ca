import NIOCore

/// Watches the raw bytes of a DICOM TLS connection, in front of the `NIOSSLServerHandler`, until it has seen the
/// peer's opening (a ClientHello, or something that is not TLS at all) and our ServerHello.
///
/// It never changes a byte. It exists because swift-nio-ssl 2.37 does not expose the negotiated cipher suite, nor
/// what a failed peer actually sent; both are needed to report a TLS association (PS3.15 Annex B) in plain words.
/// After the two hellos it only forwards.
final class TLSHelloObserver: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private(set) var clientOpening: TLSClientOpening?
    private(set) var serverHello: ServerHelloSummary?
    /// Bytes received before the handshake finished or failed (0 means the peer sent nothing).
    private(set) var bytesReceived = 0

    private var clientReader = TLSHandshakeMessageReader()
    private var serverReader = TLSHandshakeMessageReader()
    private var firstBytes: [UInt8] = []
    private var serverDone = false

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if clientOpening == nil {
            let buffer = unwrapInboundIn(data)
            bytesReceived += buffer.readableBytes
            observeClient(buffer.readableBytesView)
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if !serverDone {
            observeServer(unwrapOutboundIn(data).readableBytesView)
        }
        context.write(data, promise: promise)
    }

    private func observeClient(_ bytes: ByteBufferView) {
        if firstBytes.count < 8 {
            firstBytes.append(contentsOf: bytes.prefix(8 - firstBytes.count))
        }
        guard firstBytes.first == 0x16 else {
            // Not a TLS handshake record: say what it is as soon as enough bytes arrived to tell.
            clientOpening = TransportMismatch.tlsPortOpening(firstBytes: firstBytes)
            return
        }
        switch clientReader.feed(bytes) {
        case .needMoreBytes:
            break
        case .message(let type, let body):
            guard type == TLSHelloParser.clientHelloType else {
                clientOpening = .malformedTLS("first handshake message has type \(type), not ClientHello")
                return
            }
            do {
                clientOpening = .clientHello(try TLSHelloParser.clientHello(body))
            } catch let error as TLSByteCursor.Truncated {
                clientOpening = .malformedTLS("ClientHello truncated at \(error.field)")
            } catch {
                clientOpening = .malformedTLS("ClientHello unreadable")
            }
        case .notHandshake(let first):
            clientOpening = .other(firstByte: first.first ?? 0)
        case .malformed(let detail):
            clientOpening = .malformedTLS(detail)
        }
    }

    private func observeServer(_ bytes: ByteBufferView) {
        switch serverReader.feed(bytes) {
        case .needMoreBytes:
            return
        case .message(let type, let body):
            if type == TLSHelloParser.serverHelloType {
                serverHello = try? TLSHelloParser.serverHello(body)
            }
        case .notHandshake, .malformed:
            break
        }
        serverDone = true
    }
}
