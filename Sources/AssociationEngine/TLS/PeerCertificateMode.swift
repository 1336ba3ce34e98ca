import NIOSSL

/// How the TLS port treats client certificates, with DCMTK's meaning (storescp `--require-peer-cert`,
/// `--verify-peer-cert`, `--ignore-peer-cert`).
public enum PeerCertificateMode: String, Sendable, Codable, Equatable, CaseIterable {
    /// A client certificate signed by `--tls-ca` is mandatory (the default; mutual TLS, PS3.15 B.1).
    case require
    /// A client certificate is asked for and, when presented, must verify against `--tls-ca`; a client without
    /// one is accepted.
    case verify
    /// No client certificate is asked for.
    case ignore

    /// The swift-nio-ssl verification mode. Hostnames are never checked: a client has no name we could expect.
    var certificateVerification: CertificateVerification {
        switch self {
        case .require: .noHostnameVerification
        case .verify: .optionalVerification
        case .ignore: .none
        }
    }

    /// Whether trust roots (`--tls-ca`) are needed.
    public var needsTrustRoots: Bool { self != .ignore }
}
