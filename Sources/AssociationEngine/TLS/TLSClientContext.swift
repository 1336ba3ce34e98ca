import NIOSSL

/// A ready DICOM TLS client configuration for the upstream leg: the BoringSSL context plus what
/// `UpstreamTLSMonitor` needs to explain a failed handshake. Built once at engine start by
/// `TLSClientContextFactory`; shared by every upstream connection.
public struct TLSClientContext: Sendable {
    public let sslContext: NIOSSLContext
    /// The CA certificates of `--forward-ca`; `nil` when the system's roots are trusted.
    public let trustRoots: [CertificateFacts]?
    /// Our client certificate (`--forward-cert`), if any.
    public let clientCertificate: CertificateFacts?
    /// Things a person should fix that do not stop the engine (key file mode, certificate validity).
    public let warnings: [String]

    public init(sslContext: NIOSSLContext, trustRoots: [CertificateFacts]?, clientCertificate: CertificateFacts?,
                warnings: [String]) {
        self.sslContext = sslContext; self.trustRoots = trustRoots; self.clientCertificate = clientCertificate
        self.warnings = warnings
    }
}
