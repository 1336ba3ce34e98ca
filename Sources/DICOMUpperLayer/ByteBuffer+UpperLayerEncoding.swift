import NIOCore

/// Encoding helpers for PS3.8 §9.3 item layouts: type, reserved, big-endian length, value.
extension ByteBuffer {
    /// Writes a 2-byte big-endian length placeholder, the value produced by `body`, then patches the length.
    /// Throws when the value does not fit the 16-bit item-length field (PS3.8 Table 9-12 ff.).

    mutating func writeWithUInt16Length(
        pduTypeCode: UInt8, field: String,
        _ body: (inout ByteBuffer) throws(UpperLayerError) -> Void
    ) throws(UpperLayerError) {
        let lengthIndex = writerIndex
        writeInteger(UInt16(0), endianness: .big)
        let start = writerIndex
        try body(&self)
        let length = writerIndex - start
        guard length <= Int(UInt16.max) else {
            throw UpperLayerError(kind: .invalidValueForEncoding, pduTypeCode: pduTypeCode, field: field,
                                  offset: nil, message: "value of \(length) bytes does not fit a 16-bit item length")
        }
        setInteger(UInt16(length), at: lengthIndex, endianness: .big)
    }

    /// Same with a 4-byte length (PDU-length, PDV item-length).

    mutating func writeWithUInt32Length(
        pduTypeCode: UInt8, field: String,
        _ body: (inout ByteBuffer) throws(UpperLayerError) -> Void
    ) throws(UpperLayerError) {
        let lengthIndex = writerIndex
        writeInteger(UInt32(0), endianness: .big)
        let start = writerIndex
        try body(&self)
        let length = writerIndex - start
        guard length <= Int(UInt32.max) else {
            throw UpperLayerError(kind: .invalidValueForEncoding, pduTypeCode: pduTypeCode, field: field,
                                  offset: nil, message: "value of \(length) bytes does not fit a 32-bit length")
        }
        setInteger(UInt32(length), at: lengthIndex, endianness: .big)
    }

    /// An item header (type, reserved byte) followed by a 16-bit-length-prefixed value.

    mutating func writeItem(
        type: UInt8, reserved: UInt8 = 0, pduTypeCode: UInt8, field: String,
        _ body: (inout ByteBuffer) throws(UpperLayerError) -> Void
    ) throws(UpperLayerError) {
        writeInteger(type)
        writeInteger(reserved)
        try writeWithUInt16Length(pduTypeCode: pduTypeCode, field: field, body)
    }
}
