import AssociationEvents
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Matches the peer's IP address: `*`, one address (`10.1.2.3`, `::1`) or a CIDR block (`10.0.0.0/8`,
/// `fd00::/8`), IPv4 or IPv6.
///
/// IPv4-mapped IPv6 addresses (`::ffff:10.1.2.3`, which a dual-stack listener reports for IPv4 peers) are compared
/// as the IPv4 address they carry, on either side. Host bits set in a CIDR (`10.1.2.3/8`) are cleared, as
/// `10.0.0.0/8`. Host names are not accepted: a rule must not depend on DNS.
public struct AddressPattern: Sendable, Hashable, CustomStringConvertible {
    /// Network bytes (4 or 16), host bits cleared; empty for `*`.
    public let network: [UInt8]
    /// Prefix length in bits (32 or 128 for a single address).
    public let prefixLength: Int

    public static let any = AddressPattern(network: [], prefixLength: 0)

    private init(network: [UInt8], prefixLength: Int) {
        self.network = network
        self.prefixLength = prefixLength
    }

    /// Parses `*`, an address or `address/prefix`; throws a message saying what was expected.
    public init(parsing text: String) throws(AddressPatternError) {
        if text == "*" { self = .any; return }
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        let host = String(parts[0])
        guard let bytes = Self.parseAddress(host) else {
            throw AddressPatternError(message: "an IPv4 or IPv6 address, optionally /prefix, or *",
                                      found: String(parts[0]), offset: 0)
        }
        var prefix = bytes.count * 8
        if parts.count == 2 {
            let digits = parts[1]
            // An IPv4-mapped IPv6 block (::ffff:10.0.0.0/104) is the IPv4 block /8.
            let mappedBits = bytes.count == 4 && host.contains(":") ? 96 : 0
            guard !digits.isEmpty, digits.count <= 3, digits.allSatisfy(\.isASCIIDigit), let written = Int(digits),
                  written >= mappedBits, written - mappedBits <= bytes.count * 8 else {
                throw AddressPatternError(message: "a prefix length \(mappedBits)–\(bytes.count * 8 + mappedBits)", found: String(digits),
                                          offset: parts[0].count + 1)
            }
            prefix = written - mappedBits
        }
        self.init(network: Self.masked(bytes, prefix), prefixLength: prefix)
    }

    /// `true` when `peer` lies in the pattern. `peer` may carry a port and brackets as the engine prints it
    /// (`127.0.0.1:50312`, `[::1]:50312`) and an IPv6 zone (`fe80::1%eth0`); an unparsable peer never matches a
    /// pattern other than `*`.
    public func matches(_ peer: String) -> Bool {
        if network.isEmpty { return true }
        guard let address = Self.parseAddress(Self.hostPart(of: peer)), address.count == network.count else {
            return false
        }
        return Self.masked(address, prefixLength) == network
    }

    public var description: String {
        if network.isEmpty { return "*" }
        let text = Self.format(network)
        return prefixLength == network.count * 8 ? text : "\(text)/\(prefixLength)"
    }

    /// The address part of `host:port`, `[v6]:port`, `v6` or `v6%zone`.
    public static func hostPart(of peer: String) -> String {
        PeerAddress.host(of: peer)
    }

    /// 4 bytes for IPv4 (and IPv4-mapped IPv6), 16 for IPv6, `nil` otherwise.
    static func parseAddress(_ text: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            return withUnsafeBytes(of: &v4) { Array($0) }
        }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, text, &v6) == 1 else { return nil }
        let bytes = withUnsafeBytes(of: &v6) { Array($0) }
        if bytes[0..<10].allSatisfy({ $0 == 0 }) && bytes[10] == 0xFF && bytes[11] == 0xFF {
            return Array(bytes[12..<16])
        }
        return bytes
    }

    static func masked(_ bytes: [UInt8], _ prefix: Int) -> [UInt8] {
        bytes.enumerated().map { index, byte in
            let bits = min(8, max(0, prefix - index * 8))
            return bits == 8 ? byte : byte & ~(UInt8(0xFF) >> bits)
        }
    }

    static func format(_ bytes: [UInt8]) -> String {
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        var copy = bytes
        let family = bytes.count == 4 ? AF_INET : AF_INET6
        let ok = copy.withUnsafeMutableBytes { raw in
            inet_ntop(family, raw.baseAddress, &buffer, socklen_t(buffer.count)) != nil
        }
        guard ok else { return bytes.map(String.init).joined(separator: ".") }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

/// Why an address pattern did not parse; `offset` is the character offset of the bad part within the value.
public struct AddressPatternError: Error, Sendable, Equatable {
    public var message: String
    public var found: String
    public var offset: Int
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
