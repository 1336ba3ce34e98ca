import NIOCore

/// Presentation Context item 0x21 of the A-ASSOCIATE-AC (PS3.8 §9.3.3.2, Table 9-18).
///
/// The transfer syntax sub-item is "not significant" when the result is not acceptance; real peers omit it or
/// send it empty (fo-dicom#543, pynetdicom#342), so it is optional: nil = absent, "" = present but empty.
public struct PresentationContextACItem: Sendable, Equatable, Hashable {
    public var id: UInt8
    public var result: PresentationContextResult
    public var transferSyntax: String?

    public init(id: UInt8, result: PresentationContextResult, transferSyntax: String?) {
        self.id = id
        self.result = result
        self.transferSyntax = transferSyntax
    }

    func encode(into buffer: inout ByteBuffer, mode: EncodingMode, pduTypeCode p: UInt8) throws(UpperLayerError) {
        if mode == .strict {
            // The ID echoes the requestor's. A peer's even ID may still be answered with a rejection (the
            // alternative is an abort), but never accepted.
            guard id % 2 == 1 || !result.isAccepted else {
                throw encodingError(p, "Presentation-context-ID",
                                    "\(id) is not an odd integer 1–255 and cannot be accepted (PS3.8 Table 9-18)")
            }
            guard result.isDefined else {
                throw encodingError(p, "Result/Reason", "result \(result.rawValue) is not 0–4 (PS3.8 Table 9-18)")
            }
            guard !result.isAccepted || transferSyntax != nil else {
                throw encodingError(p, "Transfer-syntax-sub-item", "accepted presentation context \(id) needs a transfer syntax")
            }
        }
        try buffer.writeItem(type: 0x21, pduTypeCode: p, field: "Presentation-context-item") {
            (b: inout ByteBuffer) throws(UpperLayerError) in
            b.writeInteger(id)
            b.writeInteger(UInt8(0))
            b.writeInteger(result.rawValue)
            b.writeInteger(UInt8(0))
            if let ts = transferSyntax {
                let tsMode: EncodingMode = result.isAccepted ? mode : .unchecked
                try b.writeItem(type: 0x40, pduTypeCode: p, field: "Transfer-syntax-name") {
                    (b: inout ByteBuffer) throws(UpperLayerError) in
                    if ts.isEmpty { return }
                    try b.writeUIDValue(ts, mode: tsMode, pduTypeCode: p, field: "Transfer-syntax-name")
                }
            }
        }
    }

    static func decode(value r: inout WireReader, findings f: inout FindingCollector)
        throws(UpperLayerError) -> PresentationContextACItem
    {
        let id = try r.readUInt8("Presentation-context-ID")
        _ = try r.readUInt8("Reserved")
        let result = PresentationContextResult(rawValue: try r.readUInt8("Result/Reason"))
        _ = try r.readUInt8("Reserved")
        var transferSyntax: String?
        while !r.isAtEnd {
            let subOffset = r.offset
            let type = try r.readUInt8("Item-type")
            _ = try r.readUInt8("Reserved")
            let length = try r.readUInt16("Item-length")
            var value = try r.subReader(Int(length), "Transfer-syntax-name")
            if type == 0x40, transferSyntax == nil, value.isAtEnd {
                transferSyntax = ""
            } else if type == 0x40, transferSyntax == nil {
                transferSyntax = f.uid(value.readRest(), field: "Transfer syntax of PC \(id)", offset: subOffset + 4)
            } else {
                f.add(.subItemUnknown, "presentation context \(id) has an unexpected sub-item 0x\(hex(type)) at offset \(subOffset) (skipped)")
            }
        }
        return PresentationContextACItem(id: id, result: result, transferSyntax: transferSyntax)
    }
}
