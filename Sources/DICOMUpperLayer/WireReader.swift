import NIOCore

/// A bounds-checked big-endian cursor over a slice of one PDU (PS3.8 §9.3.1: all fields big-endian).
///
/// Every read either succeeds or throws an `UpperLayerError` carrying the absolute offset, so no length read
/// from the wire can index past the data actually received or drive an allocation.
struct WireReader {
    private(set) var buffer: ByteBuffer
    let pduTypeCode: UInt8
    /// Absolute PDU offset of the reader's first byte.
    private let baseOffset: Int
    private let startIndex: Int

    init(buffer: ByteBuffer, pduTypeCode: UInt8, baseOffset: Int) {
        self.buffer = buffer
        self.pduTypeCode = pduTypeCode
        self.baseOffset = baseOffset
        self.startIndex = buffer.readerIndex
    }

    /// Absolute offset (from the PDU header's first byte) of the next byte to read.
    var offset: Int { baseOffset + buffer.readerIndex - startIndex }
    var remaining: Int { buffer.readableBytes }
    var isAtEnd: Bool { buffer.readableBytes == 0 }

    func error(_ kind: UpperLayerError.Kind = .invalidParameterValue, _ field: String, _ message: String,
               at offset: Int? = nil) -> UpperLayerError {
        UpperLayerError(kind: kind, pduTypeCode: pduTypeCode, field: field, offset: offset ?? self.offset,
                        message: message)
    }

    private func truncated(_ field: String, need: Int) -> UpperLayerError {
        error(.invalidParameterValue, field,
              "needs \(need) byte(s) but only \(remaining) remain in the enclosing item or PDU")
    }

    mutating func readUInt8(_ field: String) throws(UpperLayerError) -> UInt8 {
        guard let v = buffer.readInteger(as: UInt8.self) else { throw truncated(field, need: 1) }
        return v
    }

    mutating func readUInt16(_ field: String) throws(UpperLayerError) -> UInt16 {
        guard let v = buffer.readInteger(endianness: .big, as: UInt16.self) else { throw truncated(field, need: 2) }
        return v
    }

    mutating func readUInt32(_ field: String) throws(UpperLayerError) -> UInt32 {
        guard let v = buffer.readInteger(endianness: .big, as: UInt32.self) else { throw truncated(field, need: 4) }
        return v
    }

    mutating func readBytes(_ count: Int, _ field: String) throws(UpperLayerError) -> [UInt8] {
        guard count >= 0, count <= remaining, let v = buffer.readBytes(length: count) else {
            throw truncated(field, need: count)
        }
        return v
    }

    /// A zero-copy slice of `count` bytes.
    mutating func readSlice(_ count: Int, _ field: String) throws(UpperLayerError) -> ByteBuffer {
        guard count >= 0, count <= remaining, let v = buffer.readSlice(length: count) else {
            throw truncated(field, need: count)
        }
        return v
    }

    /// A reader over the next `count` bytes (an item's value), keeping absolute offsets.
    mutating func subReader(_ count: Int, _ field: String) throws(UpperLayerError) -> WireReader {
        let start = offset
        let slice = try readSlice(count, field)
        return WireReader(buffer: slice, pduTypeCode: pduTypeCode, baseOffset: start)
    }

    /// Everything left, as bytes.
    mutating func readRest() -> [UInt8] {
        buffer.readBytes(length: buffer.readableBytes) ?? []
    }
}
