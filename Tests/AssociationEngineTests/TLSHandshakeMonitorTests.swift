import AssociationEvents
import Foundation
import NIOCore
import NIOSSL
import Testing
@testable import AssociationEngine

/// Handshakes between our TLS server pipeline and a swift-nio-ssl client, in memory: the outcome event the engine
/// receives, with facts (PS3.15 Annex B) on success and a plain-words reason on failure.
@Suite struct TLSHandshakeMonitorTests {
    private func handshake(mode: PeerCertificateMode = .require, serverIdentity: TLSTestPKI.Identity? = nil,
                           clientIdentity: TLSTestPKI.Identity?, minimum: TLSVersion = .tlsv12,
                           maximum: TLSVersion? = nil, ciphers: String? = nil) async throws -> TLSEmbeddedHandshake {
        let pki = try await TLSTestPKI.shared.get()
        let run = try TLSEmbeddedHandshake(
            server: try TLSEmbeddedHandshake.serverContext(pki, mode: mode, identity: serverIdentity),
            client: try TLSEmbeddedHandshake.clientConfiguration(trusting: pki, identity: clientIdentity,
                                                                 minimum: minimum, maximum: maximum, ciphers: ciphers))
        try run.run()
        return run
    }

    private func establishedFacts(_ run: TLSEmbeddedHandshake) -> TLSFacts? {
        guard run.recorder.outcomes.count == 1, case .established(let facts) = run.recorder.outcomes[0] else {
            return nil
        }
        return facts
    }

    private func failureReason(_ run: TLSEmbeddedHandshake) -> String? {
        guard run.recorder.outcomes.count == 1, case .failed(let reason) = run.recorder.outcomes[0] else { return nil }
        return reason
    }

    @Test func mutualTLS13CarriesProtocolCipherAndSubject() async throws {
        let pki = try await TLSTestPKI.shared.get()
        let run = try await handshake(clientIdentity: pki.client)
        let facts = try #require(establishedFacts(run))
        #expect(facts.protocol == "TLSv1.3")
        #expect(["TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256"]
            .contains(facts.cipherSuite))
        #expect(facts.peerCertificateSubject == TLSTestPKI.clientSubject)
        #expect(facts.peerCertificateIssuer == "O=assocmon test, CN=Test CA")
        #expect(facts.peerCertificateVerified)
        let notAfter = try #require(facts.peerCertificateNotAfter)
        #expect(abs(notAfter.timeIntervalSinceNow - 30 * 86_400) < 86_400)
        #expect(run.server.isActive)
        #expect(run.recorder.errors.isEmpty)
    }

    @Test func tls12PinnedNegotiatesECDHEWithAESGCM() async throws {
        let pki = try await TLSTestPKI.shared.get()
        let rsaRun = try await handshake(clientIdentity: pki.client, maximum: .tlsv12)
        let rsa = try #require(establishedFacts(rsaRun))
        #expect(rsa.protocol == "TLSv1.2")
        #expect(["TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"]
            .contains(rsa.cipherSuite))
        let ecdsaRun = try await handshake(serverIdentity: pki.ecdsaServer, clientIdentity: pki.client,
                                           maximum: .tlsv12)
        let ecdsa = try #require(establishedFacts(ecdsaRun))
        #expect(["TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"]
            .contains(ecdsa.cipherSuite))
    }

    @Test(arguments: [
        ("ECDHE-RSA-AES256-GCM-SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"),
        ("ECDHE-RSA-AES128-GCM-SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"),
    ])
    func eachProfileSuiteIsAccepted(clientSuite: String, expected: String) async throws {
        let pki = try await TLSTestPKI.shared.get()
        let run = try await handshake(clientIdentity: pki.client, maximum: .tlsv12, ciphers: clientSuite)
        let facts = try #require(establishedFacts(run))
        #expect(facts.cipherSuite == expected)
    }

    @Test(arguments: ["ECDHE-RSA-AES128-SHA", "AES128-GCM-SHA256", "ECDHE-RSA-CHACHA20-POLY1305", "AES256-SHA"])
    func suitesOutsideTheProfileAreRefused(clientSuite: String) async throws {
        let pki = try await TLSTestPKI.shared.get()
        let run = try await handshake(clientIdentity: pki.client, maximum: .tlsv12, ciphers: clientSuite)
        let reason = try #require(failureReason(run))
        #expect(reason.hasPrefix("no cipher suite in common"))
        #expect(!run.server.isActive)
    }

    @Test func tls11OnlyClientIsRefused() async throws {
        let pki = try await TLSTestPKI.shared.get()
        let run = try await handshake(clientIdentity: pki.client, minimum: .tlsv1, maximum: .tlsv11)
        let reason = try #require(failureReason(run))
        #expect(reason == "client offers TLSv1.1 at most; TLS 1.2 or 1.3 is required (BCP 195, RFC 8996)")
    }

    @Test func requireRefusesAClientWithoutCertificate() async throws {
        let run = try await handshake(clientIdentity: nil)
        #expect(failureReason(run) == "client presented no certificate (--peer-cert require needs one signed by --tls-ca)")
        #expect(!run.server.isActive)
    }

    @Test func verifyAcceptsAClientWithoutCertificate() async throws {
        let run = try await handshake(mode: .verify, clientIdentity: nil)
        let facts = try #require(establishedFacts(run))
        #expect(facts.peerCertificateSubject == nil)
        #expect(!facts.peerCertificateVerified)
    }

    @Test func ignoreDoesNotAskForACertificate() async throws {
        let pki = try await TLSTestPKI.shared.get()
        let run = try await handshake(mode: .ignore, clientIdentity: pki.otherCAClient)
        let facts = try #require(establishedFacts(run))
        #expect(facts.peerCertificateSubject == nil)
        #expect(!facts.peerCertificateVerified)
    }

    @Test(arguments: [PeerCertificateMode.require, .verify])
    func anotherCAsCertificateIsRefused(mode: PeerCertificateMode) async throws {
        let pki = try await TLSTestPKI.shared.get()
        let run = try await handshake(mode: mode, clientIdentity: pki.otherCAClient)
        let reason = try #require(failureReason(run))
        #expect(reason.hasPrefix("client certificate signed by an unknown CA (issuer O=assocmon test, CN=Other CA"),
                "\(reason)")
    }

    @Test func anExpiredCertificateIsRefused() async throws {
        let pki = try await TLSTestPKI.shared.get()
        let run = try await handshake(clientIdentity: pki.expiredClient)
        let reason = try #require(failureReason(run))
        #expect(reason == "client certificate expired on 2021-01-01 (C=DE, O=Radiology, CN=EXPIRED)")
    }

    @Test func plainDICOMOnTheTLSPortIsNamed() async throws {
        let pki = try await TLSTestPKI.shared.get()
        let run = try TLSEmbeddedHandshake(server: try TLSEmbeddedHandshake.serverContext(pki), client: nil)
        try run.run()
        // The first bytes of an A-ASSOCIATE-RQ (PS3.8 Table 9-11): type 01, reserved, PDU length, version 0001.
        try run.sendRaw([0x01, 0x00, 0x00, 0x00, 0x00, 0xCD, 0x00, 0x01, 0x00, 0x00] + Array("ASSOCMON".utf8))
        #expect(failureReason(run) == "plain DICOM (A-ASSOCIATE-RQ) sent to the TLS port")
        #expect(!run.server.isActive)
    }

    @Test func aSilentPeerIsClosedByTheARTIMTimer() async throws {
        let pki = try await TLSTestPKI.shared.get()
        let run = try TLSEmbeddedHandshake(server: try TLSEmbeddedHandshake.serverContext(pki), client: nil,
                                           timeout: .seconds(30))
        try run.run()
        run.server.embeddedEventLoop.advanceTime(by: .seconds(29))
        #expect(run.recorder.outcomes.isEmpty)
        run.server.embeddedEventLoop.advanceTime(by: .seconds(2))
        #expect(failureReason(run) == "TLS handshake not finished within 30 s (ARTIM timeout; the peer sent nothing)")
        #expect(!run.server.isActive)
    }

    @Test func aPeerClosingBeforeAnyByteIsReported() async throws {
        let pki = try await TLSTestPKI.shared.get()
        let run = try TLSEmbeddedHandshake(server: try TLSEmbeddedHandshake.serverContext(pki), client: nil)
        try run.run()
        // The peer's FIN (a port scanner or load-balancer probe), as NIO reports it.
        run.server.pipeline.fireUserInboundEventTriggered(ChannelEvent.inputClosed)
        #expect(failureReason(run) == "connection closed before a TLS ClientHello")
        #expect(!run.server.isActive)
    }
}
