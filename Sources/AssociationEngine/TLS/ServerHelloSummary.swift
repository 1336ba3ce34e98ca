/// What our ServerHello chose (RFC 8446 §4.1.3): the protocol version and the cipher suite.
///
/// swift-nio-ssl 2.37 exposes the negotiated version but not the cipher suite, so the engine reads both from the
/// ServerHello that BoringSSL writes; it is sent in clear in TLS 1.2 and 1.3 alike.
public struct ServerHelloSummary: Sendable, Equatable {
    /// The `supported_versions` selection (TLS 1.3) or `legacy_version` (TLS 1.2).
    public var version: UInt16
    public var cipherSuite: UInt16

    public init(version: UInt16, cipherSuite: UInt16) {
        self.version = version; self.cipherSuite = cipherSuite
    }
}
