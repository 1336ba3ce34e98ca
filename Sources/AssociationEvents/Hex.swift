/// Lower-case hex of bytes (the events' `raw` PDUs, extended negotiation's application information), written
/// straight into the output (one allocation, no per-byte appends; `String(format:)` per byte costs ~1 µs each),
/// and read back.
package enum Hex {
    private static let digits: StaticString = "0123456789abcdef"

    package static func string<Bytes: Collection>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        let count = bytes.count
        guard count > 0 else { return "" }
        return digits.withUTF8Buffer { digits in
            String(unsafeUninitializedCapacity: count * 2) { characters in
                var index = 0
                for byte in bytes {
                    characters[index] = digits[Int(byte >> 4)]
                    characters[index + 1] = digits[Int(byte & 0x0F)]
                    index += 2
                }
                return index
            }
        }
    }

    /// Appends the digits of `bytes` to `out` (the JSON writer's buffer): room for them first, then one pass
    /// without per-byte capacity checks (this runs for the `raw` of every request and answer).
    package static func append(_ bytes: [UInt8], to out: inout [UInt8]) {
        let start = out.count
        out.append(contentsOf: repeatElement(0, count: bytes.count * 2))
        digits.withUTF8Buffer { digits in
            out.withUnsafeMutableBufferPointer { buffer in
                var index = start
                for byte in bytes {
                    buffer[index] = digits[Int(byte >> 4)]
                    buffer[index + 1] = digits[Int(byte & 0x0F)]
                    index += 2
                }
            }
        }
    }

    /// The bytes of `text`, hex digits in pairs (either case); `nil` for anything else.
    package static func bytes(_ text: String) -> [UInt8]? {
        let utf8 = text.utf8
        guard utf8.count % 2 == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count / 2)
        var high: UInt8?
        for character in utf8 {
            let value: UInt8
            switch character {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = character - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): value = character - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): value = character - UInt8(ascii: "A") + 10
            default: return nil
            }
            if let first = high {
                out.append(first << 4 | value)
                high = nil
            } else {
                high = value
            }
        }
        return out
    }
}
