import NIOSSL

/// Names of TLS protocol versions as OpenSSL and DCMTK print them ("TLSv1.3"), from the wire code
/// (RFC 8446 §4.2.1, RFC 5246 §A.1) or swift-nio-ssl's `TLSVersion`.
public enum TLSProtocolVersionName {
    public static func name(wire code: UInt16) -> String {
        switch code {
        case 0x0300: "SSLv3"
        case 0x0301: "TLSv1"
        case 0x0302: "TLSv1.1"
        case 0x0303: "TLSv1.2"
        case 0x0304: "TLSv1.3"
        default: "0x" + String(code, radix: 16, uppercase: true)
        }
    }

    public static func name(_ version: TLSVersion) -> String {
        switch version {
        case .tlsv1: "TLSv1"
        case .tlsv11: "TLSv1.1"
        case .tlsv12: "TLSv1.2"
        case .tlsv13: "TLSv1.3"
        }
    }
}
