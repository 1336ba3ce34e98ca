import Foundation
import Testing
@testable import AssociationEngine

/// The plain-words reasons for failed handshakes, from BoringSSL reason codes and what was seen on the wire.
@Suite struct TLSHandshakeFailureClassifierTests {
    private let now = Date(timeIntervalSince1970: 1_780_000_000)
    private var ca: CertificateFacts {
        CertificateFacts(subject: "O=Site, CN=Site CA", issuer: "O=Site, CN=Site CA",
                         notBefore: now.addingTimeInterval(-1e8), notAfter: now.addingTimeInterval(1e8))
    }
    private func reason(_ failure: TLSHandshakeFailure, mode: PeerCertificateMode = .require) -> String {
        TLSHandshakeFailureClassifier.reason(failure, mode: mode, trustRoots: [ca], now: now)
    }
    private func boringSSL(_ code: String) -> String {
        "handshakeFailed(NIOSSL.BoringSSLError.sslError([Error: 268435646 error:100000c0:SSL routines:"
            + "OPENSSL_internal:\(code)]))"
    }
    private let modernHello = TLSClientOpening.clientHello(ClientHelloSummary(
        legacyVersion: 0x0303, supportedVersions: [0x7A7A, 0x0304, 0x0303], cipherSuites: [0x1301], serverName: nil))

    @Test func noCertificate() {
        #expect(reason(TLSHandshakeFailure(errorDescription: boringSSL("PEER_DID_NOT_RETURN_A_CERTIFICATE"),
                                           clientOpening: modernHello, bytesReceived: 300))
            == "client presented no certificate (--peer-cert require needs one signed by --tls-ca)")
    }

    @Test func verificationFailuresAreExplainedFromTheCertificate() {
        let error = boringSSL("CERTIFICATE_VERIFY_FAILED")
        func cert(issuer: String, notBefore: TimeInterval = -1e6, notAfter: TimeInterval = 1e6) -> CertificateFacts {
            CertificateFacts(subject: "CN=CT1", issuer: issuer, notBefore: now.addingTimeInterval(notBefore),
                             notAfter: now.addingTimeInterval(notAfter))
        }
        #expect(reason(TLSHandshakeFailure(errorDescription: error, peerCertificate: cert(issuer: "CN=Elsewhere")))
            == "client certificate signed by an unknown CA (issuer CN=Elsewhere; subject CN=CT1)")
        let expired = cert(issuer: "O=Site, CN=Site CA", notBefore: -2e8, notAfter: -86_400 * 3)
        #expect(reason(TLSHandshakeFailure(errorDescription: error, peerCertificate: expired))
            == "client certificate expired on 2026-05-25 (CN=CT1)")
        let future = cert(issuer: "O=Site, CN=Site CA", notBefore: 86_400 * 10, notAfter: 2e8)
        #expect(reason(TLSHandshakeFailure(errorDescription: error, peerCertificate: future))
            == "client certificate not valid before 2026-06-07 (CN=CT1)")
        #expect(reason(TLSHandshakeFailure(errorDescription: error, peerCertificate: cert(issuer: "O=Site, CN=Site CA")))
            == "client certificate failed verification against --tls-ca (CN=CT1)")
        #expect(reason(TLSHandshakeFailure(errorDescription: error))
            == "client certificate failed verification against --tls-ca")
    }

    @Test func wrongProtocolOpeningsWin() {
        #expect(reason(TLSHandshakeFailure(errorDescription: boringSSL("WRONG_VERSION_NUMBER"),
                                           clientOpening: .dicomPDU(type: 1), bytesReceived: 80))
            == "plain DICOM (A-ASSOCIATE-RQ) sent to the TLS port")
        #expect(reason(TLSHandshakeFailure(errorDescription: boringSSL("HTTP_REQUEST"), clientOpening: .http))
            == "HTTP request sent to the TLS port")
    }

    @Test func deprecatedVersionsAndCiphers() {
        let old = TLSClientOpening.clientHello(ClientHelloSummary(legacyVersion: 0x0301, supportedVersions: nil,
                                                                  cipherSuites: [0x002F], serverName: nil))
        #expect(reason(TLSHandshakeFailure(errorDescription: boringSSL("UNSUPPORTED_PROTOCOL"), clientOpening: old))
            == "client offers TLSv1 at most; TLS 1.2 or 1.3 is required (BCP 195, RFC 8996)")
        let cbc = TLSClientOpening.clientHello(ClientHelloSummary(legacyVersion: 0x0303, supportedVersions: nil,
                                                                  cipherSuites: [0xC013, 0xC014], serverName: nil))
        #expect(reason(TLSHandshakeFailure(errorDescription: boringSSL("NO_SHARED_CIPHER"), clientOpening: cbc))
            == "no cipher suite in common: the client offered 2, none of them ECDHE-RSA/ECDSA with AES-GCM (BCP 195)")
    }

    @Test func alertsFromTheClientMeanItRefusedUs() {
        #expect(reason(TLSHandshakeFailure(errorDescription: boringSSL("TLSV1_ALERT_UNKNOWN_CA"),
                                           clientOpening: modernHello, serverHelloSent: true))
            == "client refused our server certificate (TLS alert: unknown ca); give the client our CA certificate")
        #expect(reason(TLSHandshakeFailure(errorDescription: boringSSL("SSLV3_ALERT_HANDSHAKE_FAILURE"),
                                           clientOpening: modernHello))
            == "client aborted the TLS handshake (TLS alert: handshake failure)")
    }

    @Test func closesAndTimeouts() {
        #expect(reason(TLSHandshakeFailure()) == "connection closed before a TLS ClientHello")
        #expect(reason(TLSHandshakeFailure(errorDescription: "handshakeFailed(sslError([EOF during handshake]))",
                                           clientOpening: modernHello, bytesReceived: 517, serverHelloSent: true))
            == "client closed the connection during the TLS handshake, after our ServerHello "
                + "(does it trust our server certificate?)")
        #expect(reason(TLSHandshakeFailure(bytesReceived: 3)) == "connection closed in the middle of the TLS ClientHello")
        #expect(reason(TLSHandshakeFailure(clientOpening: modernHello, bytesReceived: 517, timedOutAfter: .seconds(30)))
            == "TLS handshake not finished within 30 s (ARTIM timeout; stalled after the ClientHello)")
    }

    @Test func unknownCodesAreShownAsTheyAre() {
        #expect(reason(TLSHandshakeFailure(errorDescription: boringSSL("DECODE_ERROR"), clientOpening: modernHello))
            == "TLS handshake failed: decode_error")
    }
}
