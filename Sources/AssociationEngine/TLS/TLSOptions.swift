/// The DICOM TLS listener's settings (PS3.15 Annex B), from `--tls-port`, `--tls-cert`, `--tls-key`, `--tls-ca` and
/// `--peer-cert`.
public struct TLSOptions: Sendable, Equatable {
    /// IANA "dicom-tls" (PS3.15 B.1).
    public static let defaultPort = 2762

    public var port: Int
    /// PEM file with our certificate, optionally followed by its intermediate CA certificates.
    public var certificatePath: String
    /// PEM file with the unencrypted private key of the certificate.
    public var privateKeyPath: String
    /// PEM file with the CA certificates that sign acceptable client certificates.
    public var trustRootsPath: String?
    public var peerCertificateMode: PeerCertificateMode

    public init(port: Int = TLSOptions.defaultPort, certificatePath: String, privateKeyPath: String,
                trustRootsPath: String? = nil, peerCertificateMode: PeerCertificateMode = .require) {
        self.port = port; self.certificatePath = certificatePath; self.privateKeyPath = privateKeyPath
        self.trustRootsPath = trustRootsPath; self.peerCertificateMode = peerCertificateMode
    }
}
