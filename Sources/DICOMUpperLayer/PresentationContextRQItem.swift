import NIOCore

/// Presentation Context item 0x20 of the A-ASSOCIATE-RQ (PS3.8 §9.3.2.2, Table 9-13).
///
/// One abstract syntax sub-item (0x30) and one or more transfer syntax sub-items (0x40). UIDs are stored
/// stripped of wire padding; `abstractSyntax` is empty and `transferSyntaxes` may be empty when a peer omitted
/// them (reported as findings).
public struct PresentationContextRQItem: Sendable, Equatable, Hashable {
    /// Odd integer 1–255 (PS3.8 Table 9-13).
    public var id: UInt8
    public var abstractSyntax: String
    public var transferSyntaxes: [String]
    /// Bytes 6–8 of the item, reserved (PS3.8 Table 9-13: sent as 00H, not tested). Kept as received so a
    /// decoded RQ re-encodes byte for byte: DCMTK sends 0xFF in byte 7.
    public var reservedBytes: [UInt8]

    public init(id: UInt8, abstractSyntax: String, transferSyntaxes: [String]) {
        self.id = id
        self.abstractSyntax = abstractSyntax
        self.transferSyntaxes = transferSyntaxes
        self.reservedBytes = [0, 0, 0]
    }

    func encode(into buffer: inout ByteBuffer, mode: EncodingMode, pduTypeCode p: UInt8) throws(UpperLayerError) {
        if mode == .strict {
            guard id % 2 == 1 else {
                throw encodingError(p, "Presentation-context-ID", "\(id) is not an odd integer 1–255 (PS3.8 Table 9-13)")
            }
            guard !transferSyntaxes.isEmpty else {
                throw encodingError(p, "Transfer-syntax-sub-item", "presentation context \(id) needs at least one transfer syntax")
            }
        }
        try buffer.writeItem(type: 0x20, pduTypeCode: p, field: "Presentation-context-item") {
            (b: inout ByteBuffer) throws(UpperLayerError) in
            b.writeInteger(id)
            b.writeBytes(reservedBytes.count == 3 ? reservedBytes : [0, 0, 0])
            // An empty abstract syntax is how a decoded item says the peer sent none: unchecked encoding leaves the
            // sub-item out again, so a decoded RQ re-encodes as received (strict encoding refuses an empty UID).
            if mode == .strict || !abstractSyntax.isEmpty {
                try b.writeItem(type: 0x30, pduTypeCode: p, field: "Abstract-syntax-name") {
                    (b: inout ByteBuffer) throws(UpperLayerError) in
                    try b.writeUIDValue(abstractSyntax, mode: mode, pduTypeCode: p, field: "Abstract-syntax-name")
                }
            }
            for ts in transferSyntaxes {
                try b.writeItem(type: 0x40, pduTypeCode: p, field: "Transfer-syntax-name") {
                    (b: inout ByteBuffer) throws(UpperLayerError) in
                    try b.writeUIDValue(ts, mode: mode, pduTypeCode: p, field: "Transfer-syntax-name")
                }
            }
        }
    }

    static func decode(value r: inout WireReader, headerOffset: Int, findings f: inout FindingCollector)
        throws(UpperLayerError) -> PresentationContextRQItem
    {
        let id = try r.readUInt8("Presentation-context-ID")
        let reservedOffset = r.offset
        let reserved = try r.readBytes(3, "Reserved")
        if reserved.contains(where: { $0 != 0 }) {
            f.add(.presentationContextReservedNonZero,
                  "reserved bytes of presentation context \(id) at offset \(reservedOffset) are not zero (DCMTK sends 0xFF)")
        }
        var abstractSyntax: String?
        var transferSyntaxes: [String] = []
        while !r.isAtEnd {
            let subOffset = r.offset
            let type = try r.readUInt8("Item-type")
            _ = try r.readUInt8("Reserved")
            let length = try r.readUInt16("Item-length")
            let value = try r.readBytes(Int(length), type == 0x40 ? "Transfer-syntax-name" : "Abstract-syntax-name")
            switch type {
            case 0x30:
                let uid = f.uid(value, field: "Abstract syntax of PC \(id)", offset: subOffset + 4)
                if abstractSyntax == nil { abstractSyntax = uid } else {
                    f.add(.abstractSyntaxDuplicate, "presentation context \(id) has more than one abstract syntax; the first is used")
                }
            case 0x40:
                transferSyntaxes.append(f.uid(value, field: "Transfer syntax of PC \(id)", offset: subOffset + 4))
            default:
                f.add(.subItemUnknown, "presentation context \(id) has an unknown sub-item 0x\(hex(type)) at offset \(subOffset) (skipped)")
            }
        }
        if abstractSyntax == nil {
            f.add(.abstractSyntaxMissing, "presentation context \(id) has no abstract syntax sub-item")
        }
        if transferSyntaxes.isEmpty {
            f.add(.transferSyntaxListEmpty, "presentation context \(id) proposes no transfer syntax")
        }
        var item = PresentationContextRQItem(id: id, abstractSyntax: abstractSyntax ?? "", transferSyntaxes: transferSyntaxes)
        item.reservedBytes = reserved
        return item
    }
}
