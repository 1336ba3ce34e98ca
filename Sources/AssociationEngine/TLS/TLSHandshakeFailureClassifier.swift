import Foundation

/// Turns a failed DICOM TLS handshake into one sentence an engineer can act on ("client presented no
/// certificate", "certificate signed by an unknown CA", ...), for the `transport-failed` event.
///
/// BoringSSL reports a reason code in its error stack (e.g. `PEER_DID_NOT_RETURN_A_CERTIFICATE`); a verification
/// failure does not say *why*, so the client's certificate is compared with `--tls-ca` and the clock. Alerts the
/// client sent (`..._ALERT_...`) mean the client refused us, usually our server certificate.
public enum TLSHandshakeFailureClassifier {
    public static func reason(_ failure: TLSHandshakeFailure, mode: PeerCertificateMode,
                              trustRoots: [CertificateFacts], now: Date = Date()) -> String {
        if let mismatch = failure.clientOpening?.mismatchDescription { return mismatch }
        let error = failure.errorDescription ?? ""
        let hello: ClientHelloSummary? = if case .clientHello(let summary) = failure.clientOpening { summary } else { nil }

        if let timeout = failure.timedOutAfter {
            let milliseconds = timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000
            let seconds = milliseconds % 1000 == 0 ? "\(milliseconds / 1000)" : "\(Double(milliseconds) / 1000)"
            let stage = failure.bytesReceived == 0 ? "the peer sent nothing"
                : hello == nil ? "no complete ClientHello" : "stalled after the ClientHello"
            return "TLS handshake not finished within \(seconds) s (ARTIM timeout; \(stage))"
        }
        if error.contains("PEER_DID_NOT_RETURN_A_CERTIFICATE") || error.contains("noCertificateToValidate") {
            return "client presented no certificate (--peer-cert \(mode.rawValue) needs one signed by --tls-ca)"
        }
        if error.contains("CERTIFICATE_VERIFY_FAILED") {
            return certificateReason(failure.peerCertificate, trustRoots: trustRoots, now: now)
        }
        if let hello, hello.offersOnlyDeprecatedVersions {
            return "client offers \(TLSProtocolVersionName.name(wire: hello.highestVersion)) at most; "
                + "TLS 1.2 or 1.3 is required (BCP 195, RFC 8996)"
        }
        if error.contains("UNSUPPORTED_PROTOCOL") {
            return "client offers no TLS version we accept; TLS 1.2 or 1.3 is required (BCP 195, RFC 8996)"
        }
        if error.contains("NO_SHARED_CIPHER") {
            let count = hello?.cipherSuites.count ?? 0
            return "no cipher suite in common: the client offered \(count), none of them "
                + "ECDHE-RSA/ECDSA with AES-GCM (BCP 195)"
        }
        if let alert = alertName(in: error) {
            let certificateAlerts = ["UNKNOWN_CA", "BAD_CERTIFICATE", "CERTIFICATE_UNKNOWN", "CERTIFICATE_EXPIRED",
                                     "UNSUPPORTED_CERTIFICATE", "CERTIFICATE_REVOKED", "ACCESS_DENIED"]
            let words = alert.lowercased().replacingOccurrences(of: "_", with: " ")
            if certificateAlerts.contains(alert) {
                return "client refused our server certificate (TLS alert: \(words)); "
                    + "give the client our CA certificate"
            }
            return "client aborted the TLS handshake (TLS alert: \(words))"
        }
        if error.contains("EOF during handshake") || error.isEmpty {
            if failure.bytesReceived == 0 { return "connection closed before a TLS ClientHello" }
            if hello == nil { return "connection closed in the middle of the TLS ClientHello" }
            if failure.serverHelloSent {
                return "client closed the connection during the TLS handshake, after our ServerHello "
                    + "(does it trust our server certificate?)"
            }
            return "client closed the connection during the TLS handshake"
        }
        return "TLS handshake failed: \(reasonCodes(in: error).joined(separator: ", ").lowercased())"
    }

    /// Why a presented client certificate did not verify against `--tls-ca`.
    static func certificateReason(_ certificate: CertificateFacts?, trustRoots: [CertificateFacts],
                                  now: Date) -> String {
        guard let certificate else { return "client certificate failed verification against --tls-ca" }
        let day = Date.ISO8601FormatStyle().year().month().day()
        if certificate.notAfter < now {
            return "client certificate expired on \(certificate.notAfter.formatted(day)) (\(certificate.subject))"
        }
        if certificate.notBefore > now {
            return "client certificate not valid before \(certificate.notBefore.formatted(day)) "
                + "(\(certificate.subject))"
        }
        if !trustRoots.contains(where: { $0.subject == certificate.issuer }) {
            return "client certificate signed by an unknown CA (issuer \(certificate.issuer); "
                + "subject \(certificate.subject))"
        }
        return "client certificate failed verification against --tls-ca (\(certificate.subject))"
    }

    /// BoringSSL reason codes in an error description ("...:OPENSSL_internal:CERTIFICATE_VERIFY_FAILED").
    static func reasonCodes(in error: String) -> [String] {
        let parts = error.components(separatedBy: "OPENSSL_internal:").dropFirst()
        let codes = parts.map { String($0.prefix { $0.isUppercase || $0.isNumber || $0 == "_" }) }.filter { !$0.isEmpty }
        return codes.isEmpty ? [String(error.prefix(200))] : codes
    }

    /// The alert the peer sent, from reason codes like `TLSV1_ALERT_UNKNOWN_CA` / `SSLV3_ALERT_BAD_CERTIFICATE`.
    static func alertName(in error: String) -> String? {
        for code in reasonCodes(in: error) {
            if let range = code.range(of: "_ALERT_") { return String(code[range.upperBound...]) }
        }
        return nil
    }
}
