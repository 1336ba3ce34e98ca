import NIOCore

/// Collects data elements and writes them in ascending tag order (PS3.5 §7.1) in Explicit or Implicit VR Little
/// Endian (§7.1.2 / §7.1.3), values padded to even length (UIDs with NUL, text with a space; PS3.5 §6.2).
struct DataSetWriter {
    let explicitVR: Bool
    private var elements: [(tag: UInt32, vr: String, value: [UInt8])] = []

    init(explicitVR: Bool) { self.explicitVR = explicitVR }

    /// The encoded data set.
    var buffer: ByteBuffer {
        var buffer = ByteBuffer()
        for element in elements.sorted(by: { $0.tag < $1.tag }) {
            Self.write(element.tag, element.vr, element.value, explicitVR: explicitVR, into: &buffer)
        }
        return buffer
    }

    mutating func uid(_ group: UInt16, _ element: UInt16, _ value: String) {
        var bytes = Array(value.utf8)
        if bytes.count % 2 == 1 { bytes.append(0) }
        write(group, element, "UI", bytes)
    }

    mutating func text(_ group: UInt16, _ element: UInt16, _ vr: String, _ value: String) {
        var bytes = Array(value.utf8)
        if bytes.count % 2 == 1 { bytes.append(0x20) }
        write(group, element, vr, bytes)
    }

    mutating func us(_ group: UInt16, _ element: UInt16, _ value: Int) {
        write(group, element, "US", [UInt8(truncatingIfNeeded: value), UInt8(truncatingIfNeeded: value >> 8)])
    }

    /// Pixel Data (7FE0,0010), OW for 16-bit pixels.
    mutating func pixelData(_ bytes: [UInt8]) {
        write(0x7FE0, 0x0010, "OW", bytes)
    }

    private mutating func write(_ group: UInt16, _ element: UInt16, _ vr: String, _ value: [UInt8]) {
        elements.append((UInt32(group) << 16 | UInt32(element), vr, value))
    }

    private static func write(_ tag: UInt32, _ vr: String, _ value: [UInt8], explicitVR: Bool,
                              into buffer: inout ByteBuffer) {
        buffer.writeInteger(UInt16(truncatingIfNeeded: tag >> 16), endianness: .little)
        buffer.writeInteger(UInt16(truncatingIfNeeded: tag), endianness: .little)
        if explicitVR {
            buffer.writeBytes(Array(vr.utf8))
            if ["OB", "OW", "OF", "SQ", "UT", "UN"].contains(vr) {
                buffer.writeInteger(UInt16(0), endianness: .little)
                buffer.writeInteger(UInt32(value.count), endianness: .little)
            } else {
                buffer.writeInteger(UInt16(value.count), endianness: .little)
            }
        } else {
            buffer.writeInteger(UInt32(value.count), endianness: .little)
        }
        buffer.writeBytes(value)
    }
}
