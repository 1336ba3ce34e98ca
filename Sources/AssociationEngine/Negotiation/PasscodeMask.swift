import NIOCore

/// Masks the passcode of a User Identity sub-item (PS3.7 D.3.3.7.1, item 0x58, secondary field) in the raw bytes of
/// an A-ASSOCIATE-RQ before they are published as hex: a passcode never appears in any event or log,
/// and hex is no disguise. The bytes keep their length and position, so the Raw view still lines up; each passcode
/// byte becomes `*` (0x2A).
///
/// Walks PS3.8 Table 9-11 (items after the 68 fixed bytes), the User Information item 0x50 and its sub-items; any
/// length that does not fit stops the walk, leaving the rest unchanged (the codec reports such PDUs anyway).
enum PasscodeMask {
    static func masked(_ pdu: ByteBuffer) -> ByteBuffer {
        var bytes = Array(pdu.readableBytesView)
        var offset = 6 + 68
        while offset + 4 <= bytes.count {
            let type = bytes[offset]
            let length = Int(bytes[offset + 2]) << 8 | Int(bytes[offset + 3])
            let end = offset + 4 + length
            guard end <= bytes.count else { break }
            if type == 0x50 { maskSubItems(&bytes, from: offset + 4, to: end) }
            offset = end
        }
        return ByteBuffer(bytes: bytes)
    }

    private static func maskSubItems(_ bytes: inout [UInt8], from start: Int, to end: Int) {
        var offset = start
        while offset + 4 <= end {
            let type = bytes[offset]
            let length = Int(bytes[offset + 2]) << 8 | Int(bytes[offset + 3])
            let itemEnd = offset + 4 + length
            guard itemEnd <= end else { return }
            if type == 0x58 {
                // type(1) positive-response(1) primary-length(2) primary secondary-length(2) secondary
                let primaryLengthAt = offset + 6
                guard primaryLengthAt + 2 <= itemEnd else { return }
                let primaryLength = Int(bytes[primaryLengthAt]) << 8 | Int(bytes[primaryLengthAt + 1])
                let secondaryLengthAt = primaryLengthAt + 2 + primaryLength
                guard secondaryLengthAt + 2 <= itemEnd else { return }
                let secondaryLength = Int(bytes[secondaryLengthAt]) << 8 | Int(bytes[secondaryLengthAt + 1])
                let secondaryStart = secondaryLengthAt + 2
                let secondaryEnd = min(secondaryStart + secondaryLength, itemEnd)
                for index in secondaryStart..<secondaryEnd { bytes[index] = 0x2A }
            }
            offset = itemEnd
        }
    }
}
