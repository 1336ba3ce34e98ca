import NIOCore

/// The variable field of one P-DATA-TF PDU (PS3.8 §9.3.5, Tables 9-22 and 9-23) read as it arrives, so that a PDU
/// longer than a read is never gathered into one buffer.
///
/// A PDV item whose value the bytes so far do not finish is handed on in pieces: each piece is a zero-copy slice of
/// a read, carries the item's presentation context ID, and, until the item's last byte, the item's message control
/// header with the last-fragment bit cleared (PS3.8 Annex E.2). A message may be fragmented at any byte (Annex E.1),
/// so the pieces say what the sender said; `PresentationDataValue.cut` tells a reassembler which checks belong to
/// the item as sent (an odd item length, reserved header bits) rather than to a piece.
///
/// Every item is checked as its header arrives, with the same rules and error messages as `PDataTF.decode`: an item
/// length below 2, or one that runs past the end of the PDU.
public struct PDataTFStream: Sendable {
    private struct Item: Sendable {
        var contextID: UInt8
        var header: MessageControlHeader
        var fragmentLength: Int
        var delivered = 0
    }

    /// The PDU-length: bytes of the variable field.
    public let pduLength: Int
    /// Bytes of the variable field taken so far.
    public private(set) var consumed = 0
    /// The item whose value is being read.
    private var item: Item?
    /// An item header (4-byte length, context ID, control header) that a read ended inside.
    private var headerBytes: [UInt8] = []

    /// A stream for a P-DATA-TF whose 6-byte PDU header announced `pduLength` bytes (at least 6: `PDUFramer`).
    public init(pduLength: Int) {
        self.pduLength = pduLength
    }

    /// All of the PDU has been read and handed on.
    public var isComplete: Bool { consumed == pduLength && item == nil }

    /// Takes the PDU's bytes from the front of `read` (never more than the PDU has left) and appends the items and
    /// pieces of items they complete to `values`.
    public mutating func take(from read: inout ByteBuffer,
                              into values: inout [PresentationDataValue]) throws(UpperLayerError) {
        // An empty item (length 2) goes on as soon as its header is read, even as the PDU's last bytes.
        while item?.fragmentLength == 0 || (consumed < pduLength && read.readableBytes > 0) {
            guard var current = item else {
                try readItemHeader(from: &read)
                continue
            }
            let remaining = current.fragmentLength - current.delivered
            let count = min(remaining, read.readableBytes)
            let fragment = read.readSlice(length: count) ?? ByteBuffer()
            let ends = count == remaining
            let cut: PresentationDataValue.Cut = current.delivered == 0
                ? (ends ? .whole : .first(itemFragmentLength: current.fragmentLength))
                : .rest
            let header = ends ? current.header : MessageControlHeader(rawValue: current.header.rawValue & ~0x02)
            values.append(PresentationDataValue(presentationContextID: current.contextID, messageControlHeader: header,
                                                fragment: fragment, cut: cut))
            current.delivered += count
            consumed += count
            item = ends ? nil : current
        }
    }

    /// Reads an item header, from `read` directly when it holds all six bytes, else through `headerBytes`.
    private mutating func readItemHeader(from read: inout ByteBuffer) throws(UpperLayerError) {
        let itemOffset = 6 + consumed - headerBytes.count  // from the PDU's first byte, as `PDataTF.decode` counts
        let left = pduLength - consumed
        if headerBytes.isEmpty, left >= 6, read.readableBytes >= 6,
           let length = read.readInteger(endianness: .big, as: UInt32.self),
           let contextID = read.readInteger(as: UInt8.self), let header = read.readInteger(as: UInt8.self) {
            consumed += 6
            return try startItem(length: length, contextID: contextID, header: header, at: itemOffset)
        }
        // A header split across reads, or the last bytes of a PDU too short for one (an error once all are here).
        let wanted = min(6, headerBytes.count + left) - headerBytes.count
        let count = min(wanted, read.readableBytes)
        headerBytes.append(contentsOf: read.readBytes(length: count) ?? [])
        consumed += count
        guard headerBytes.count == 6 || consumed == pduLength else { return }
        let bytes = headerBytes
        headerBytes.removeAll()
        guard bytes.count >= 4 else {
            throw Self.error("Item-length", "needs 4 byte(s) but only \(bytes.count) remain in the enclosing item or PDU",
                             at: itemOffset)
        }
        let length = bytes[0..<4].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        guard bytes.count == 6 else {
            // 4 or 5 bytes were left: whatever the length says, the item cannot fit.
            try Self.check(length: length, remainingAfterLength: bytes.count - 4, at: itemOffset)
            throw Self.error("Presentation-context-ID", "needs 1 byte(s) but only 0 remain in the enclosing item or PDU",
                             at: itemOffset + 4)
        }
        try startItem(length: length, contextID: bytes[4], header: bytes[5], at: itemOffset)
    }

    private mutating func startItem(length: UInt32, contextID: UInt8, header: UInt8,
                                    at itemOffset: Int) throws(UpperLayerError) {
        // `consumed` already counts the two bytes after the length: the room left after the length is 2 more.
        try Self.check(length: length, remainingAfterLength: pduLength - consumed + 2, at: itemOffset)
        item = Item(contextID: contextID, header: MessageControlHeader(rawValue: header),
                    fragmentLength: Int(length) - 2)
    }

    /// The item-length rules of PS3.8 Table 9-23, worded as `PDataTF.decode` words them.
    static func check(length: UInt32, remainingAfterLength: Int, at itemOffset: Int) throws(UpperLayerError) {
        guard length >= 2 else {
            throw error("Item-length", "PDV item length \(length) is below the minimum 2", at: itemOffset)
        }
        guard Int(length) <= remainingAfterLength else {
            throw error("Item-length",
                        "PDV item length \(length) runs past the end of the PDU (\(remainingAfterLength) bytes left)",
                        at: itemOffset)
        }
    }

    private static func error(_ field: String, _ message: String, at offset: Int) -> UpperLayerError {
        UpperLayerError(kind: .invalidParameterValue, pduTypeCode: PDUType.dataTF.rawValue, field: field,
                        offset: offset, message: message)
    }
}
