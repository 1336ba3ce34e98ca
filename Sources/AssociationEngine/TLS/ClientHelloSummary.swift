/// What a TLS client offered in its ClientHello (RFC 8446 §4.1.2, RFC 5246 §7.4.1.2): enough to say in plain words
/// why a handshake failed ("offers only TLS 1.0/1.1", "no cipher suite in common").
public struct ClientHelloSummary: Sendable, Equatable {
    /// `legacy_version` (the only version field of a TLS ≤ 1.2 client).
    public var legacyVersion: UInt16
    /// The `supported_versions` extension (0x002B), when present (TLS 1.3-capable clients send it).
    public var supportedVersions: [UInt16]?
    public var cipherSuites: [UInt16]
    /// The `server_name` extension's host name, if any.
    public var serverName: String?

    public init(legacyVersion: UInt16, supportedVersions: [UInt16]?, cipherSuites: [UInt16], serverName: String?) {
        self.legacyVersion = legacyVersion; self.supportedVersions = supportedVersions
        self.cipherSuites = cipherSuites; self.serverName = serverName
    }

    /// The versions this client can speak: `supported_versions` if sent (GREASE values dropped, RFC 8701),
    /// else `legacy_version` (RFC 8446 §4.2.1: servers must then assume TLS ≤ 1.2).
    public var offeredVersions: [UInt16] {
        if let supportedVersions {
            return supportedVersions.filter { $0 & 0x0F0F != 0x0A0A }
        }
        return [legacyVersion]
    }

    public var highestVersion: UInt16 { offeredVersions.max() ?? legacyVersion }

    /// `true` when every version offered is below TLS 1.2 (refused under RFC 8996).
    public var offersOnlyDeprecatedVersions: Bool { highestVersion < 0x0303 }
}
