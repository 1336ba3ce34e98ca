/// DICOM TLS on tap mode's upstream leg (PS3.15 Annex B), from `--forward-tls`, `--forward-ca`, `--forward-cert` and
/// `--forward-key`: assocmon is the TLS client of the PACS it forwards to.
public struct UpstreamTLSOptions: Sendable, Equatable {
    /// PEM file with the CA certificates that may sign the PACS's certificate; `nil` trusts the system's roots.
    public var trustRootsPath: String?
    /// PEM file with our client certificate (then any intermediate CAs), for a PACS that requires one.
    public var certificatePath: String?
    /// PEM file with the unencrypted private key of `certificatePath`.
    public var privateKeyPath: String?

    public init(trustRootsPath: String? = nil, certificatePath: String? = nil, privateKeyPath: String? = nil) {
        self.trustRootsPath = trustRootsPath; self.certificatePath = certificatePath
        self.privateKeyPath = privateKeyPath
    }
}
