import NIOCore

/// One presentation data value item of a P-DATA-TF PDU (PS3.8 §9.3.5.1, Table 9-23; Annex E).
///
/// On the wire: item length (uint32, = fragment length + 2), presentation context ID (1 byte),
/// message control header (1 byte), then the fragment. `fragment` is a slice of the received buffer —
/// never a copy — so reassembling a large data set costs no per-byte work here.
public struct PresentationDataValue: Sendable, Equatable {
    public var presentationContextID: UInt8
    public var messageControlHeader: MessageControlHeader
    public var fragment: ByteBuffer
    /// Whether this is the whole item the peer sent or a piece of it (`PDataTFStream`).
    public var cut: Cut

    /// Where a value stands in the PDV item it was read from.
    public enum Cut: Sendable, Equatable {
        /// The whole item.
        case whole
        /// The first piece of an item whose value is `itemFragmentLength` bytes long.
        case first(itemFragmentLength: Int)
        /// A later piece of the item before it.
        case rest
    }

    public init(presentationContextID: UInt8, messageControlHeader: MessageControlHeader, fragment: ByteBuffer,
                cut: Cut = .whole) {
        self.presentationContextID = presentationContextID
        self.messageControlHeader = messageControlHeader
        self.fragment = fragment
        self.cut = cut
    }

    /// Bytes this item occupies on the wire: 4 (length) + 1 (PC ID) + 1 (header) + fragment.
    public var encodedLength: Int { 6 + fragment.readableBytes }
}

extension PresentationDataValue {
    /// Writes the PDV item (PS3.8 Table 9-23): item length (uint32 BE, fragment + 2), PC ID, message control
    /// header, fragment.
    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeInteger(UInt32(truncatingIfNeeded: fragment.readableBytes + 2))
        buffer.writeInteger(presentationContextID)
        buffer.writeInteger(messageControlHeader.rawValue)
        buffer.writeImmutableBuffer(fragment)
    }

    /// Reads the PDV items of a P-DATA-TF variable field (PS3.8 §9.3.5, bytes 7 to the end of the PDU) one by
    /// one, without copying: every `fragment` is a slice of the field's buffer.
    ///
    /// Throws for an empty field (a P-DATA-TF holds one or more PDVs), an item length below 2 (no room for
    /// the PC ID and header), or an item running past the end. A declared length never drives an allocation.
    public struct ItemReader: Sendable {
        let items: ByteBuffer
        var offset: Int
        var isFirst = true

        public init(_ items: ByteBuffer) {
            self.items = items
            offset = items.readerIndex
        }

        /// The next PDV, or nil at the end of the field.
        public mutating func next() throws(MessageReassemblerError) -> PresentationDataValue? {
            let end = items.writerIndex
            if isFirst {
                isFirst = false
                guard offset < end else { throw .noPresentationDataValues }
            }
            guard offset < end else { return nil }
            let relative = offset - items.readerIndex
            guard end - offset >= 6, let length = items.getInteger(at: offset, as: UInt32.self),
                  let contextID = items.getInteger(at: offset + 4, as: UInt8.self),
                  let header = items.getInteger(at: offset + 5, as: UInt8.self)
            else { throw .pdvItemTruncated(offset: relative, declaredLength: nil, remaining: end - offset) }
            guard length >= 2 else { throw .pdvItemTooShort(offset: relative, itemLength: length) }
            guard UInt64(length) <= UInt64(end - offset - 4),
                  let fragment = items.getSlice(at: offset + 6, length: Int(length) - 2)
            else { throw .pdvItemTruncated(offset: relative, declaredLength: length, remaining: end - offset - 4) }
            offset += 4 + Int(length)
            return PresentationDataValue(presentationContextID: contextID,
                                         messageControlHeader: MessageControlHeader(rawValue: header),
                                         fragment: fragment)
        }
    }

    /// All PDV items of a P-DATA-TF variable field (see `ItemReader`).
    public static func decodeItems(_ items: ByteBuffer) throws(MessageReassemblerError) -> [PresentationDataValue] {
        var reader = ItemReader(items)
        var values: [PresentationDataValue] = []
        while let value = try reader.next() { values.append(value) }
        return values
    }
}
