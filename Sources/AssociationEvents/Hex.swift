/// Lower-case hex of raw PDU bytes for the events' `raw` fields. Runs on the event loop for every request and
/// answer, so it writes the digits straight into the new string's storage (one allocation, no per-byte appends;
/// `String(format:)` per byte costs ~1 µs each).
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
}
