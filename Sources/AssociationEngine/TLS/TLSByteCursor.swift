/// A bounds-checked big-endian reader over bytes from the wire: every read either returns a value or throws,
/// never traps (TLS presentation language, RFC 8446 §3).
struct TLSByteCursor {
    struct Truncated: Error, Equatable {
        var field: String
    }

    private let bytes: [UInt8]
    private(set) var position = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var remaining: Int { bytes.count - position }

    mutating func uint8(_ field: String) throws -> UInt8 {
        guard remaining >= 1 else { throw Truncated(field: field) }
        defer { position += 1 }
        return bytes[position]
    }

    mutating func uint16(_ field: String) throws -> UInt16 {
        guard remaining >= 2 else { throw Truncated(field: field) }
        defer { position += 2 }
        return UInt16(bytes[position]) << 8 | UInt16(bytes[position + 1])
    }

    mutating func bytes(_ count: Int, _ field: String) throws -> [UInt8] {
        guard count >= 0, remaining >= count else { throw Truncated(field: field) }
        defer { position += count }
        return Array(bytes[position..<position + count])
    }

    /// A vector with a one- or two-byte length prefix (`opaque x<0..2^8-1>` / `<0..2^16-1>`).
    mutating func vector(lengthBytes: Int, _ field: String) throws -> TLSByteCursor {
        let length = lengthBytes == 1 ? Int(try uint8(field)) : Int(try uint16(field))
        return TLSByteCursor(try bytes(length, field))
    }
}
