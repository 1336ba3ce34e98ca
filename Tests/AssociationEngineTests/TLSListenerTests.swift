import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import TestSupport
import Testing
@testable import AssociationEngine

/// The TLS handlers on a real socket, without the engine: `openssl s_client` and a silent TCP peer against a
/// `ServerBootstrap` whose children get `addServerHandlers`, recording each connection's outcome.
@Suite struct TLSListenerTests {
    final class OutcomeRecorder: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        let outcomes: NIOLockedValueBox<[TLSHandshakeOutcome]>
        init(_ outcomes: NIOLockedValueBox<[TLSHandshakeOutcome]>) { self.outcomes = outcomes }
        func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
            if let outcome = event as? TLSHandshakeOutcome { outcomes.withLockedValue { $0.append(outcome) } }
        }
    }

    private func withListener(mode: PeerCertificateMode, timeout: TimeAmount = .seconds(10),
                              _ body: (Int, NIOLockedValueBox<[TLSHandshakeOutcome]>) async throws -> Void)
        async throws {
        let pki = try await TLSTestPKI.shared.get()
        let server = try TLSEmbeddedHandshake.serverContext(pki, mode: mode)
        let outcomes = NIOLockedValueBox<[TLSHandshakeOutcome]>([])
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try server.addServerHandlers(to: channel.pipeline.syncOperations, handshakeTimeout: timeout)
                    try channel.pipeline.syncOperations.addHandler(OutcomeRecorder(outcomes))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        do {
            try await body(try #require(channel.localAddress?.port), outcomes)
        } catch {
            try? await channel.close()
            throw error
        }
        try await channel.close()
    }

    private func waitForOutcome(_ outcomes: NIOLockedValueBox<[TLSHandshakeOutcome]>) async -> TLSHandshakeOutcome? {
        for _ in 0..<500 {
            if let first = outcomes.withLockedValue({ $0.first }) { return first }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return nil
    }

    private func sClient(_ port: Int, _ extra: [String]) async throws -> Subprocess.Outcome {
        let pki = try await TLSTestPKI.shared.get()
        return try await Subprocess.run("/usr/bin/openssl", ["s_client", "-connect", "127.0.0.1:\(port)",
                                                             "-CAfile", pki.caCertificate, "-brief"] + extra,
                                        input: "", timeout: .seconds(20))
    }

    @Test func opensslClientWithCertificate() async throws {
        let pki = try await TLSTestPKI.shared.get()
        try await withListener(mode: .require) { port, outcomes in
            _ = try await sClient(port, ["-cert", pki.client.certificate, "-key", pki.client.key])
            guard case .established(let facts) = await waitForOutcome(outcomes) else {
                Issue.record("no handshake")
                return
            }
            #expect(facts.peerCertificateSubject == TLSTestPKI.clientSubject)
            #expect(facts.protocol == "TLSv1.3")
        }
    }

    @Test func opensslClientTLS11OnlyIsRefused() async throws {
        try await withListener(mode: .ignore) { port, outcomes in
            let result = try await sClient(port, ["-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0"])
            #expect(result.status != 0)
            #expect(await waitForOutcome(outcomes)
                == .failed(reason: "client offers TLSv1.1 at most; TLS 1.2 or 1.3 is required (BCP 195, RFC 8996)"))
        }
    }

    @Test func aSilentPeerIsClosedWhenTheTimerRunsOut() async throws {
        try await withListener(mode: .require, timeout: .milliseconds(500)) { port, outcomes in
            let socket = try TLSTestSocket.connect(port: port)
            defer { socket.close() }
            let started = ContinuousClock.now
            // Generous bounds: the point is that the 0.5 s timer closes it at all, even on a loaded CI machine.
            #expect(await socket.readUntilClosed(timeout: .seconds(20)))
            #expect(ContinuousClock.now - started < .seconds(15))
            #expect(await waitForOutcome(outcomes)
                == .failed(reason: "TLS handshake not finished within 0.5 s (ARTIM timeout; the peer sent nothing)"))
        }
    }
}
