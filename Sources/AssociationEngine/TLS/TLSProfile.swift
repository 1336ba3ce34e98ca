import NIOSSL

/// The TLS profile of the DICOM TLS port: BCP 195 as updated by RFC 8996, the profile DCMTK (3.6.7) negotiates by
/// default ("Non-downgrading BCP 195", PS3.15 Annex B.9).
///
/// - TLS 1.2 and TLS 1.3 only (RFC 8996 deprecates TLS 1.0 and 1.1).
/// - TLS 1.2: ECDHE key exchange with AES-GCM only, RSA or ECDSA certificates. No SHA-1 MACs, no CBC, no static RSA,
///   no NULL or export suites.
/// - TLS 1.3: the suites BoringSSL implements (AES-128-GCM, AES-256-GCM, ChaCha20-Poly1305); they cannot be
///   configured and none of them is weak.
public enum TLSProfile {
    public static let minimumVersion: TLSVersion = .tlsv12
    public static let maximumVersion: TLSVersion = .tlsv13

    /// The TLS 1.2 suites we accept, in our preference order (PS3.15 B.9, BCP 195 §4.2).
    public static let tls12CipherSuites: [NIOTLSCipher] = [
        .TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        .TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
        .TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        .TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
    ]

    /// The same suites in the OpenSSL cipher-string syntax that BoringSSL's `SSL_CTX_set_cipher_list` reads.
    public static let tls12CipherString = [
        "ECDHE-ECDSA-AES128-GCM-SHA256",
        "ECDHE-RSA-AES128-GCM-SHA256",
        "ECDHE-ECDSA-AES256-GCM-SHA384",
        "ECDHE-RSA-AES256-GCM-SHA384",
    ].joined(separator: ":")

    /// A one-line description for logs and error messages.
    public static let summary =
        "TLS 1.2 (ECDHE-RSA/ECDSA with AES-GCM) or TLS 1.3, BCP 195 / RFC 8996 as DCMTK"
}
