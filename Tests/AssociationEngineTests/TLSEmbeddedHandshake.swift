import Foundation
import NIOCore
import NIOEmbedded
import NIOSSL
@testable import AssociationEngine

/// An in-memory DICOM TLS handshake: our server pipeline (`addServerHandlers`) and a swift-nio-ssl client on two
/// `EmbeddedChannel`s, bytes shuttled between them until both are quiet. No sockets, no real time for timers.
final class TLSEmbeddedHandshake {
    /// Records what the engine's handlers would see behind the monitor.
    final class Recorder: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        var outcomes: [TLSHandshakeOutcome] = []
        var received: [UInt8] = []
        var errors: [String] = []
        func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
            if let outcome = event as? TLSHandshakeOutcome { outcomes.append(outcome) }
            context.fireUserInboundEventTriggered(event)
        }
        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            received.append(contentsOf: unwrapInboundIn(data).readableBytesView)
        }
        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            errors.append(String(describing: error))
        }
    }

    let server: EmbeddedChannel
    let client: EmbeddedChannel?
    let recorder = Recorder()

    /// `client == nil`: only the server side; feed it bytes with `sendRaw`.
    init(server context: TLSServerContext, client configuration: TLSConfiguration?,
         timeout: TimeAmount = .seconds(30)) throws {
        server = EmbeddedChannel()
        try context.addServerHandlers(to: server.pipeline.syncOperations, handshakeTimeout: timeout)
        try server.pipeline.syncOperations.addHandler(recorder)
        if let configuration {
            let clientContext = try NIOSSLContext(configuration: configuration)
            let channel = EmbeddedChannel()
            try channel.pipeline.syncOperations.addHandler(
                try NIOSSLClientHandler(context: clientContext, serverHostname: "localhost"))
            client = channel
        } else {
            client = nil
        }
    }

    /// Connects both ends and exchanges bytes until nothing moves.
    func run() throws {
        try server.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 2762)).wait()
        if let client {
            try client.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 2762)).wait()
            try shuttle(client)
        }
    }

    func shuttle(_ client: EmbeddedChannel) throws {
        for _ in 0..<50 {
            var moved = false
            while let bytes = try client.readOutbound(as: ByteBuffer.self) {
                moved = true
                if server.isActive { _ = try? server.writeInbound(bytes) }
            }
            while let bytes = try server.readOutbound(as: ByteBuffer.self) {
                moved = true
                if client.isActive { _ = try? client.writeInbound(bytes) }
            }
            if !moved { return }
        }
    }

    func sendRaw(_ bytes: [UInt8]) throws {
        var buffer = server.allocator.buffer(capacity: bytes.count)
        buffer.writeBytes(bytes)
        _ = try? server.writeInbound(buffer)
    }

    static func clientConfiguration(trusting pki: TLSTestPKI, identity: TLSTestPKI.Identity?,
                                    minimum: TLSVersion = .tlsv12, maximum: TLSVersion? = nil,
                                    ciphers: String? = nil) throws -> TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.trustRoots = .file(pki.caCertificate)
        configuration.minimumTLSVersion = minimum
        configuration.maximumTLSVersion = maximum
        if let ciphers { configuration.cipherSuites = ciphers }
        if let identity {
            configuration.certificateChain = try NIOSSLCertificate.fromPEMFile(identity.certificate)
                .map { .certificate($0) }
            configuration.privateKey = .privateKey(try NIOSSLPrivateKey(file: identity.key, format: .pem))
        }
        return configuration
    }

    static func serverContext(_ pki: TLSTestPKI, mode: PeerCertificateMode = .require,
                              identity: TLSTestPKI.Identity? = nil) throws -> TLSServerContext {
        let server = identity ?? pki.server
        return try TLSServerContextFactory.make(TLSOptions(
            certificatePath: server.certificate, privateKeyPath: server.key, trustRootsPath: pki.caCertificate,
            peerCertificateMode: mode))
    }
}
