/// Parses the two hello messages of a TLS handshake (RFC 8446 §4.1.2–4.1.3, RFC 5246 §7.4.1.2–7.4.1.3) into
/// the few facts the engine reports. Any byte sequence gives a value or a thrown error, never a trap.
enum TLSHelloParser {
    static let clientHelloType: UInt8 = 1
    static let serverHelloType: UInt8 = 2
    static let supportedVersionsExtension: UInt16 = 0x002B
    static let serverNameExtension: UInt16 = 0x0000

    static func clientHello(_ body: [UInt8]) throws -> ClientHelloSummary {
        var cursor = TLSByteCursor(body)
        let legacyVersion = try cursor.uint16("legacy_version")
        _ = try cursor.bytes(32, "random")
        _ = try cursor.vector(lengthBytes: 1, "legacy_session_id")
        var suites = try cursor.vector(lengthBytes: 2, "cipher_suites")
        var cipherSuites: [UInt16] = []
        while suites.remaining >= 2 { cipherSuites.append(try suites.uint16("cipher_suite")) }
        _ = try cursor.vector(lengthBytes: 1, "legacy_compression_methods")
        var supportedVersions: [UInt16]?
        var serverName: String?
        if cursor.remaining > 0 {
            var extensions = try cursor.vector(lengthBytes: 2, "extensions")
            while extensions.remaining > 0 {
                let type = try extensions.uint16("extension_type")
                var data = try extensions.vector(lengthBytes: 2, "extension_data")
                switch type {
                case supportedVersionsExtension:
                    var list = try data.vector(lengthBytes: 1, "supported_versions")
                    var versions: [UInt16] = []
                    while list.remaining >= 2 { versions.append(try list.uint16("supported_version")) }
                    supportedVersions = versions
                case serverNameExtension:
                    var list = try data.vector(lengthBytes: 2, "server_name_list")
                    if try list.uint8("name_type") == 0 {
                        let name = try list.vector(lengthBytes: 2, "host_name")
                        var copy = name
                        serverName = String(decoding: try copy.bytes(copy.remaining, "host_name"), as: UTF8.self)
                    }
                default:
                    break
                }
            }
        }
        return ClientHelloSummary(legacyVersion: legacyVersion, supportedVersions: supportedVersions,
                                  cipherSuites: cipherSuites, serverName: serverName)
    }

    static func serverHello(_ body: [UInt8]) throws -> ServerHelloSummary {
        var cursor = TLSByteCursor(body)
        var version = try cursor.uint16("legacy_version")
        _ = try cursor.bytes(32, "random")
        _ = try cursor.vector(lengthBytes: 1, "legacy_session_id_echo")
        let cipherSuite = try cursor.uint16("cipher_suite")
        _ = try cursor.uint8("legacy_compression_method")
        if cursor.remaining > 0 {
            var extensions = try cursor.vector(lengthBytes: 2, "extensions")
            while extensions.remaining > 0 {
                let type = try extensions.uint16("extension_type")
                var data = try extensions.vector(lengthBytes: 2, "extension_data")
                if type == supportedVersionsExtension {
                    version = try data.uint16("selected_version")
                }
            }
        }
        return ServerHelloSummary(version: version, cipherSuite: cipherSuite)
    }
}
