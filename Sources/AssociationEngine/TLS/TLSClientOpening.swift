/// What the first bytes a peer sent on the DICOM TLS port turned out to be.
///
/// The TLS port expects a TLS handshake record (content type 22, RFC 8446 §5.1). A DICOM client that was not
/// told to use TLS opens with an A-ASSOCIATE-RQ PDU instead (type 0x01, PS3.8 §9.3.2), and BoringSSL's own error
/// ("wrong version number") would not say so.
public enum TLSClientOpening: Sendable, Equatable {
    case clientHello(ClientHelloSummary)
    /// A DICOM Upper Layer PDU header (PS3.8 Table 9-11): the peer speaks plain DICOM.
    case dicomPDU(type: UInt8)
    /// An SSL 2.0-format ClientHello (high bit set, message type 1): a very old client.
    case sslv2ClientHello
    /// An HTTP request line ("GET ", "POST", ...): a browser or a health check.
    case http
    /// A TLS record that is not a ClientHello, or a ClientHello that cannot be parsed.
    case malformedTLS(String)
    /// Anything else; the first byte.
    case other(firstByte: UInt8)

    /// A plain-words description of a non-TLS opening, or `nil` for a ClientHello.
    public var mismatchDescription: String? {
        switch self {
        case .clientHello:
            nil
        case .dicomPDU(let type):
            type == 0x01
                ? "plain DICOM (A-ASSOCIATE-RQ) sent to the TLS port"
                : "plain DICOM (PDU type 0x0\(String(type, radix: 16, uppercase: true))) sent to the TLS port"
        case .sslv2ClientHello:
            "SSL 2.0-format ClientHello: the client only speaks obsolete SSL/TLS versions"
        case .http:
            "HTTP request sent to the TLS port"
        case .malformedTLS(let detail):
            "malformed TLS ClientHello (\(detail))"
        case .other(let byte):
            "not TLS: first byte 0x\(String(byte, radix: 16, uppercase: true)) is not a TLS handshake record (0x16)"
        }
    }
}
