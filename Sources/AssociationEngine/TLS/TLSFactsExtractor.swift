import AssociationEvents
import Foundation
import NIOSSL

/// Builds the `TLSFacts` of an established connection (PS3.15 Annex B) from the `NIOSSLHandler` and the
/// ServerHello we sent.
enum TLSFactsExtractor {
    static func facts(version: TLSVersion?, serverHello: ServerHelloSummary?, peerCertificate: NIOSSLCertificate?,
                      mode: PeerCertificateMode) -> TLSFacts {
        let certificate = peerCertificate.map(CertificateFacts.init)
        return facts(version: version, serverHello: serverHello, peerCertificate: certificate, mode: mode)
    }

    static func facts(version: TLSVersion?, serverHello: ServerHelloSummary?, peerCertificate: CertificateFacts?,
                      mode: PeerCertificateMode) -> TLSFacts {
        let protocolName = version.map(TLSProtocolVersionName.name)
            ?? serverHello.map { TLSProtocolVersionName.name(wire: $0.version) } ?? "unknown"
        return TLSFacts(
            protocol: protocolName,
            cipherSuite: serverHello.map { TLSCipherSuiteName.name(for: $0.cipherSuite) } ?? "unknown",
            peerCertificateSubject: peerCertificate?.subject,
            peerCertificateIssuer: peerCertificate?.issuer,
            peerCertificateNotAfter: peerCertificate?.notAfter,
            // BoringSSL ends the handshake on a certificate that fails verification, so a certificate present
            // after it was verified — unless we never asked (ignore).
            peerCertificateVerified: peerCertificate != nil && mode != .ignore)
    }
}
