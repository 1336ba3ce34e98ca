/// A valid Multi-frame Grayscale Byte Secondary Capture data set (PS3.3 A.8.3), Explicit VR Little Endian,
/// whose Pixel Data (7FE0,0010) OB makes up nearly all of its size.
///
/// Only `prefix` (every element before the pixel bytes, a few hundred bytes) is ever held in memory; the pixel
/// bytes are a repeating pattern the sender writes from a reusable buffer, so a 1 GiB object costs the client
/// no memory. Frames × Rows × Columns equals the pixel length exactly (8 bits allocated, one sample), so the
/// object is consistent for any reader.
struct SyntheticDataSet {
    /// Multi-frame Grayscale Byte Secondary Capture Image Storage (PS3.4 B.5).
    static let sopClassUID = "1.2.840.10008.5.1.4.1.1.7.2"
    /// Explicit VR Little Endian (PS3.5 §10.1).
    static let transferSyntaxUID = "1.2.840.10008.1.2.1"
    static let columns = 512

    let sopInstanceUID: String
    let rows: Int
    let frames: Int
    let prefix: [UInt8]

    var pixelLength: Int { frames * rows * Self.columns }
    /// Bytes of the data set as sent in the P-DATA-TF PDVs.
    var length: Int { prefix.count + pixelLength }

    /// About `approximateLength` bytes: the pixel data is rounded up to whole 512-byte rows and, past 512 rows,
    /// to whole 512 × 512 frames.
    init(approximateLength: Int, sopInstanceUID: String, studyInstanceUID: String, seriesInstanceUID: String) {
        let totalRows = max(1, (approximateLength + Self.columns - 1) / Self.columns)
        if totalRows <= 512 {
            rows = totalRows
            frames = 1
        } else {
            rows = 512
            frames = (totalRows + 511) / 512
        }
        self.sopInstanceUID = sopInstanceUID
        var bytes: [UInt8] = []
        bytes.reserveCapacity(512)
        func element(_ group: UInt16, _ element: UInt16, _ vr: String, _ value: [UInt8]) {
            append16(&bytes, group); append16(&bytes, element)
            bytes += Array(vr.utf8)
            append16(&bytes, UInt16(value.count))
            bytes += value
        }
        func uid(_ text: String) -> [UInt8] { padded(Array(text.utf8), with: 0x00) }
        func text(_ text: String) -> [UInt8] { padded(Array(text.utf8), with: 0x20) }
        func us(_ value: Int) -> [UInt8] { [UInt8(truncatingIfNeeded: value), UInt8(truncatingIfNeeded: value >> 8)] }
        element(0x0008, 0x0016, "UI", uid(Self.sopClassUID))
        element(0x0008, 0x0018, "UI", uid(sopInstanceUID))
        element(0x0008, 0x0060, "CS", text("OT"))
        element(0x0008, 0x0064, "CS", text("WSD"))
        element(0x0010, 0x0010, "PN", text("BENCH^LOAD"))
        element(0x0010, 0x0020, "LO", text("ASSOCMON-LOAD"))
        element(0x0020, 0x000D, "UI", uid(studyInstanceUID))
        element(0x0020, 0x000E, "UI", uid(seriesInstanceUID))
        element(0x0028, 0x0002, "US", us(1))
        element(0x0028, 0x0004, "CS", text("MONOCHROME2"))
        element(0x0028, 0x0008, "IS", text(String(frames)))
        element(0x0028, 0x0010, "US", us(rows))
        element(0x0028, 0x0011, "US", us(Self.columns))
        element(0x0028, 0x0100, "US", us(8))
        element(0x0028, 0x0101, "US", us(8))
        element(0x0028, 0x0102, "US", us(7))
        element(0x0028, 0x0103, "US", us(0))
        // Pixel Data, OB: tag, VR, 2 reserved bytes, 32-bit length (PS3.5 §7.1.2).
        append16(&bytes, 0x7FE0); append16(&bytes, 0x0010)
        bytes += Array("OB".utf8) + [0, 0]
        let pixels = UInt32(truncatingIfNeeded: frames * rows * Self.columns)
        for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8(truncatingIfNeeded: pixels >> UInt32(shift))) }
        prefix = bytes
    }
}

private func append16(_ bytes: inout [UInt8], _ value: UInt16) {
    bytes.append(UInt8(truncatingIfNeeded: value))
    bytes.append(UInt8(truncatingIfNeeded: value >> 8))
}

private func padded(_ value: [UInt8], with pad: UInt8) -> [UInt8] {
    value.count % 2 == 0 ? value : value + [pad]
}

/// Fresh UIDs under 2.25 (PS3.5 §B.2: the decimal form of a random 128-bit UUID, version 4 bits set).
enum UIDGenerator {
    static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        var value = UInt128(generator.next() as UInt64) << 64 | UInt128(generator.next() as UInt64)
        value = value & ~(UInt128(0xF000) << 64) | (UInt128(0x4000) << 64)   // version 4
        value = value & ~(UInt128(0xC000_0000_0000_0000)) | UInt128(0x8000_0000_0000_0000)  // variant 10
        return "2.25." + String(value)
    }
}
