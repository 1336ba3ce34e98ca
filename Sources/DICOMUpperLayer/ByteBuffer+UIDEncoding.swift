import NIOCore

extension ByteBuffer {
    /// Writes a UID unpadded (PS3.8 Annex F; pynetdicom#240: UIDs in negotiation are never padded).
    /// Strict mode requires a valid UID of 1–64 characters (PS3.5 §9.1).
    mutating func writeUIDValue(_ uid: String, mode: EncodingMode, pduTypeCode: UInt8, field: String)
        throws(UpperLayerError)
    {
        if mode == .strict, !WireText.isValidUID(uid) {
            throw UpperLayerError(kind: .invalidValueForEncoding, pduTypeCode: pduTypeCode, field: field, offset: nil,
                                  message: "\"\(uid)\" is not a UID of 1–64 digits and dots without leading zeros")
        }
        try writeLatin1(uid, pduTypeCode: pduTypeCode, field: field)
    }

    /// Writes text one byte per scalar; refuses scalars beyond U+00FF even in unchecked mode.
    mutating func writeLatin1(_ text: String, pduTypeCode: UInt8, field: String) throws(UpperLayerError) {
        guard let bytes = WireText.bytes(text) else {
            throw UpperLayerError(kind: .invalidValueForEncoding, pduTypeCode: pduTypeCode, field: field, offset: nil,
                                  message: "\"\(text)\" has characters that are not single bytes")
        }
        writeBytes(bytes)
    }
}

func encodingError(_ pduTypeCode: UInt8, _ field: String, _ message: String) -> UpperLayerError {
    UpperLayerError(kind: .invalidValueForEncoding, pduTypeCode: pduTypeCode, field: field, offset: nil,
                    message: message)
}
