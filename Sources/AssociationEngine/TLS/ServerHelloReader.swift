import NIOCore

/// Watches the bytes the PACS sends on tap mode's upstream leg, in front of the `NIOSSLClientHandler`, until its
/// ServerHello (RFC 8446 §4.1.3, sent in clear in TLS 1.2 and 1.3) has been read: swift-nio-ssl does not expose
/// the negotiated cipher suite. It never changes a byte and only forwards afterwards.
final class ServerHelloReader: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private(set) var serverHello: ServerHelloSummary?
    private var reader = TLSHandshakeMessageReader()
    private var done = false

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if !done {
            switch reader.feed(unwrapInboundIn(data).readableBytesView) {
            case .needMoreBytes:
                break
            case .message(let type, let body):
                done = true
                if type == TLSHelloParser.serverHelloType { serverHello = try? TLSHelloParser.serverHello(body) }
            case .notHandshake, .malformed:
                done = true
            }
        }
        context.fireChannelRead(data)
    }
}
