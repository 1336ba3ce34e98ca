import NIOSSL

/// A ready DICOM TLS server configuration: the BoringSSL context plus what `TLSHandshakeMonitor` needs to explain
/// a failed handshake in plain words. Built once by `TLSServerContextFactory`; shared by every TLS connection.
public struct TLSServerContext: Sendable {
    public let sslContext: NIOSSLContext
    public let peerCertificateMode: PeerCertificateMode
    /// The CA certificates of `--tls-ca` (empty in `ignore` mode without one).
    public let trustRoots: [CertificateFacts]
    /// Our own (leaf) certificate.
    public let serverCertificate: CertificateFacts
    /// Things a person should fix that do not stop the listener (key file mode, certificate validity).
    public let warnings: [String]

    public init(sslContext: NIOSSLContext, peerCertificateMode: PeerCertificateMode, trustRoots: [CertificateFacts],
                serverCertificate: CertificateFacts, warnings: [String]) {
        self.sslContext = sslContext; self.peerCertificateMode = peerCertificateMode; self.trustRoots = trustRoots
        self.serverCertificate = serverCertificate; self.warnings = warnings
    }
}
