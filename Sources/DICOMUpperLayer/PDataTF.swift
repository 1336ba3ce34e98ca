import NIOCore

/// P-DATA-TF PDU, type 0x04 (PS3.8 §9.3.5, Table 9-22): one or more presentation data value items.
///
/// Decoded fragments are zero-copy slices of the received body.
public struct PDataTF: Sendable, Equatable {
    public var values: [PresentationDataValue]

    public init(values: [PresentationDataValue]) {
        self.values = values
    }

    /// PDU-length this PDU will carry: Σ (6 + fragment) (PS3.8 Table 9-23).
    public var pduLength: Int { values.reduce(0) { $0 + $1.encodedLength } }

    public func encode(into buffer: inout ByteBuffer, mode: EncodingMode = .strict) throws(UpperLayerError) {
        let p = PDUType.dataTF.rawValue
        if mode == .strict, values.isEmpty {
            throw encodingError(p, "Presentation-data-value-item", "a P-DATA-TF carries at least one PDV (PS3.8 Table 9-22)")
        }
        buffer.reserveCapacity(minimumWritableBytes: 6 + pduLength)
        buffer.writeInteger(p)
        buffer.writeInteger(UInt8(0))
        try buffer.writeWithUInt32Length(pduTypeCode: p, field: "PDU-length") {
            (b: inout ByteBuffer) throws(UpperLayerError) in
            for pdv in values {
                guard pdv.fragment.readableBytes <= Int(UInt32.max) - 2 else {
                    throw encodingError(p, "Item-length", "fragment too large for a 32-bit item length")
                }
                b.writeInteger(UInt32(pdv.fragment.readableBytes + 2), endianness: .big)
                b.writeInteger(pdv.presentationContextID)
                b.writeInteger(pdv.messageControlHeader.rawValue)
                b.writeImmutableBuffer(pdv.fragment)
            }
        }
    }

    public static func decode(body: ByteBuffer) throws(UpperLayerError) -> PDataTF {
        var r = WireReader(buffer: body, pduTypeCode: PDUType.dataTF.rawValue, baseOffset: 6)
        guard !r.isAtEnd else {
            throw r.error(.invalidParameterValue, "PDU-length", "a P-DATA-TF carries at least one PDV item", at: 2)
        }
        var values: [PresentationDataValue] = []
        while !r.isAtEnd {
            let item = try readItemHeader(&r)
            let fragment = try r.readSlice(item.fragmentLength, "Presentation-data-value")
            values.append(PresentationDataValue(presentationContextID: item.contextID,
                                                messageControlHeader: item.header, fragment: fragment))
        }
        return PDataTF(values: values)
    }

    /// One PDV item header (PS3.8 Table 9-23: Item-length, Presentation-context-ID, Message-control-header), its
    /// length checked against `room`, the bytes of the PDU after the length field (by default the reader's own:
    /// `PDataTFStream` reads a header alone, before the rest of the PDU has arrived).
    static func readItemHeader(_ r: inout WireReader, room: Int? = nil) throws(UpperLayerError)
        -> (fragmentLength: Int, contextID: UInt8, header: MessageControlHeader) {
        let itemOffset = r.offset
        let length = try r.readUInt32("Item-length")
        let room = room ?? r.remaining
        guard length >= 2 else {
            throw r.error(.invalidParameterValue, "Item-length", "PDV item length \(length) is below the minimum 2",
                          at: itemOffset)
        }
        guard Int(length) <= room else {
            throw r.error(.invalidParameterValue, "Item-length",
                          "PDV item length \(length) runs past the end of the PDU (\(room) bytes left)", at: itemOffset)
        }
        let contextID = try r.readUInt8("Presentation-context-ID")
        let header = MessageControlHeader(rawValue: try r.readUInt8("Message-control-header"))
        return (Int(length) - 2, contextID, header)
    }
}
