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
/// Every item header is read as it arrives by `PDataTF.readItemHeader`, as `PDataTF.decode` reads it: an item
/// length below 2, or one running past the end of the PDU, fails with the same error.
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

    /// Reads an item header, from `read` directly when it holds all six bytes, else through `headerBytes`; read
    /// as `PDataTF.decode` reads one, so a bad item fails with the same error, and the last bytes of a PDU too short
    /// for a header fail once they are all here.
    private mutating func readItemHeader(from read: inout ByteBuffer) throws(UpperLayerError) {
        let itemStart = consumed - headerBytes.count  // in the variable field
        let left = pduLength - consumed
        let bytes: ByteBuffer
        if headerBytes.isEmpty, left >= 6, let whole = read.readSlice(length: 6) {
            bytes = whole
            consumed += 6
        } else {
            let count = min(min(6, headerBytes.count + left) - headerBytes.count, read.readableBytes)
            headerBytes.append(contentsOf: read.readBytes(length: count) ?? [])
            consumed += count
            guard headerBytes.count == 6 || consumed == pduLength else { return }
            bytes = ByteBuffer(bytes: headerBytes)
            headerBytes.removeAll()
        }
        var reader = WireReader(buffer: bytes, pduTypeCode: PDUType.dataTF.rawValue, baseOffset: 6 + itemStart)
        let header = try PDataTF.readItemHeader(&reader, room: pduLength - itemStart - 4)
        item = Item(contextID: header.contextID, header: header.header, fragmentLength: header.fragmentLength)
    }
}
