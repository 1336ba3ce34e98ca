import Foundation

/// Turns a failed handshake on tap mode's upstream leg (assocmon is the TLS client, PS3.15 Annex B) into one
/// sentence for the `forward` object's `unreachable` detail: unknown CA, expired, hostname mismatch, no common
/// cipher suite, the PACS refusing our client certificate.
///
/// BoringSSL's `CERTIFICATE_VERIFY_FAILED` does not say why; the PACS's certificate, when BoringSSL still holds it,
/// is compared with `--forward-ca` and the clock. A hostname mismatch is swift-nio-ssl's own check after the
/// handshake (RFC 6125 §6).
public enum UpstreamTLSFailureClassifier {
    /// - Parameters:
    ///   - error: `String(describing:)` of the error raised during the handshake, `nil` when the PACS just closed.
    ///   - trustRoots: the `--forward-ca` certificates; `nil` with the system's roots.
    public static func reason(error: String?, peerCertificate: CertificateFacts?, trustRoots: [CertificateFacts]?,
                              host: String, now: Date = Date()) -> String {
        guard let error, !error.isEmpty else {
            return "the PACS closed the connection during the TLS handshake (is its port a DICOM TLS port?)"
        }
        if error.contains("failedToValidateHostname") {
            let subject = peerCertificate.map { " (subject \($0.subject))" } ?? ""
            return "hostname mismatch: the PACS's certificate\(subject) does not name \(host)"
        }
        if error.contains("CERTIFICATE_VERIFY_FAILED") {
            return certificateReason(peerCertificate, trustRoots: trustRoots, now: now)
        }
        if error.contains("NO_SHARED_CIPHER") || error.contains("NO_CIPHERS_AVAILABLE") {
            return "no cipher suite in common with the PACS: it must offer TLS 1.2 ECDHE-RSA/ECDSA with AES-GCM, "
                + "or TLS 1.3 (BCP 195)"
        }
        if error.contains("UNSUPPORTED_PROTOCOL") || error.contains("PROTOCOL_VERSION") {
            return "no TLS version in common with the PACS: TLS 1.2 or 1.3 is required (BCP 195, RFC 8996)"
        }
        if error.contains("WRONG_VERSION_NUMBER") || error.contains("PACKET_LENGTH_TOO_LONG")
            || error.contains("UNEXPECTED_RECORD") {
            return "the PACS did not answer in TLS (is its port a plain DICOM port?)"
        }
        if let alert = TLSHandshakeFailureClassifier.alertName(in: error) {
            let words = alert.lowercased().replacingOccurrences(of: "_", with: " ")
            switch alert {
            case "HANDSHAKE_FAILURE":
                return "the PACS refused the TLS handshake (TLS alert: handshake failure): no cipher suite in "
                    + "common, or it requires a client certificate (--forward-cert, --forward-key)"
            case "CERTIFICATE_REQUIRED":
                return "the PACS requires a client certificate (TLS alert: certificate required); "
                    + "give --forward-cert and --forward-key"
            case "UNKNOWN_CA", "BAD_CERTIFICATE", "CERTIFICATE_UNKNOWN", "CERTIFICATE_EXPIRED",
                 "UNSUPPORTED_CERTIFICATE", "CERTIFICATE_REVOKED", "ACCESS_DENIED", "DECRYPT_ERROR":
                return "the PACS refused our client certificate (TLS alert: \(words))"
            default:
                return "the PACS aborted the TLS handshake (TLS alert: \(words))"
            }
        }
        if error.contains("connection reset by peer") {
            // DCMTK's plain port reads the ClientHello's 0x16 as a PDU type and resets the connection.
            return "the PACS reset the connection during the TLS handshake (is its port a plain DICOM port?)"
        }
        if error.contains("EOF during handshake") || error.contains("uncleanShutdown") {
            return "the PACS closed the connection during the TLS handshake (does it require a client "
                + "certificate, or is its port a plain DICOM port?)"
        }
        return TLSHandshakeFailureClassifier.reasonCodes(in: error).joined(separator: ", ").lowercased()
    }

    /// Why the PACS's certificate did not verify.
    static func certificateReason(_ certificate: CertificateFacts?, trustRoots: [CertificateFacts]?,
                                  now: Date) -> String {
        let against = trustRoots == nil ? "the system's trusted CAs (give --forward-ca)" : "--forward-ca"
        guard let certificate else { return "the PACS's certificate failed verification against \(against)" }
        let day = Date.ISO8601FormatStyle().year().month().day()
        if certificate.notAfter < now {
            return "the PACS's certificate expired on \(certificate.notAfter.formatted(day)) (\(certificate.subject))"
        }
        if certificate.notBefore > now {
            return "the PACS's certificate is not valid before \(certificate.notBefore.formatted(day)) "
                + "(\(certificate.subject))"
        }
        if let trustRoots, !trustRoots.contains(where: { $0.subject == certificate.issuer }) {
            return "the PACS's certificate is signed by an unknown CA (issuer \(certificate.issuer); "
                + "subject \(certificate.subject)); give its CA with --forward-ca"
        }
        if trustRoots == nil {
            return "the PACS's certificate is signed by a CA the system does not trust (issuer \(certificate.issuer)); "
                + "give its CA with --forward-ca"
        }
        return "the PACS's certificate failed verification against \(against) (\(certificate.subject))"
    }
}
