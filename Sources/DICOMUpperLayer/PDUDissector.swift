/// Locates every field, item and sub-item of a PDU in its bytes, for showing a PDU as it was on the wire: the
/// PS3.8 §9.3.1 header, the fixed fields of the A-ASSOCIATE-RQ/AC (Tables 9-11 and 9-17), and each item and
/// sub-item (§9.3.2.1–§9.3.2.3, §9.3.3.1–§9.3.3.3, PS3.7 Annex D.3.3).
///
/// Unlike the decoders it mirrors (`AAssociateRQ`, `AAssociateAC`), it never refuses: lengths that run past
/// their enclosing item are cut at its end and flagged, a PDU shorter than its header is one truncated entry, and
/// PDUs other than A-ASSOCIATE-RQ/AC keep their body whole. Pure and bounds-checked; it never traps on any input.
public enum PDUDissector {
    /// The PDU's parts in wire order; sub-items follow their item one `depth` deeper.
    public static func items(_ bytes: [UInt8]) -> [Item] {
        guard bytes.count >= 6 else {
            return [Item(kind: .truncated, offset: 0, length: bytes.count, depth: 0)]
        }
        let type = bytes[0]
        var out = [Item(kind: .pduHeader(type: type, pduLength: Int(readUInt32(bytes, at: 2))), offset: 0, length: 6,
                        depth: 0)]
        if type == PDUType.associateRQ.rawValue || type == PDUType.associateAC.rawValue, bytes.count >= 74 {
            out.append(Item(kind: .protocolVersion(UInt16(bytes[6]) << 8 | UInt16(bytes[7])), offset: 6, length: 4,
                            depth: 0))
            out.append(Item(kind: .calledAETitle(printable(bytes[10..<26])), offset: 10, length: 16, depth: 0))
            out.append(Item(kind: .callingAETitle(printable(bytes[26..<42])), offset: 26, length: 16, depth: 0))
            out.append(Item(kind: .reserved, offset: 42, length: 32, depth: 0))
            variableItems(bytes, from: 74, to: bytes.count, depth: 0, into: &out)
        } else if bytes.count > 6 {
            out.append(Item(kind: .body, offset: 6, length: bytes.count - 6, depth: 0))
        }
        return out
    }

    /// Items between `start` and `end`; presentation context (0x20, 0x21) and user information (0x50) items are
    /// followed by their sub-items.
    private static func variableItems(_ bytes: [UInt8], from start: Int, to end: Int, depth: Int,
                                      into out: inout [Item]) {
        var at = start
        while at < end {
            guard at + 4 <= end else {
                out.append(Item(kind: .truncated, offset: at, length: end - at, depth: depth))
                return
            }
            let type = bytes[at]
            let itemLength = Int(bytes[at + 2]) << 8 | Int(bytes[at + 3])
            let itemEnd = min(end, at + 4 + itemLength)
            var item = Item(kind: .item(type: type, itemLength: itemLength), offset: at, length: itemEnd - at,
                            depth: depth, isTruncated: at + 4 + itemLength > end)
            switch type {
            case 0x20 where itemEnd >= at + 8, 0x21 where itemEnd >= at + 8:
                // Presentation-context-ID, reserved, Result/Reason (AC) or reserved (RQ), reserved.
                item.length = 8
                item.presentationContextID = bytes[at + 4]
                if type == 0x21 { item.result = bytes[at + 6] }
                out.append(item)
                variableItems(bytes, from: at + 8, to: itemEnd, depth: depth + 1, into: &out)
            case 0x50:
                item.length = 4
                out.append(item)
                variableItems(bytes, from: at + 4, to: itemEnd, depth: depth + 1, into: &out)
            default:
                let value = bytes[(at + 4)..<itemEnd]
                switch type {
                case 0x10, 0x30, 0x40, 0x52, 0x55: item.text = printable(value)
                case 0x51 where value.count == 4: item.number = Int(readUInt32(bytes, at: at + 4))
                default: break
                }
                out.append(item)
            }
            at = itemEnd
        }
    }

    /// The PS3.8 name of an item type ("Presentation Context (RQ)" for 0x20; Tables 9-12, 9-13, 9-18 and PS3.7
    /// Annex D.3.3).
    public static func itemName(_ type: UInt8) -> String {
        switch type {
        case 0x10: "Application Context"
        case 0x20: "Presentation Context (RQ)"
        case 0x21: "Presentation Context (AC)"
        case 0x30: "Abstract Syntax"
        case 0x40: "Transfer Syntax"
        case 0x50: "User Information"
        case 0x51: "Maximum Length"
        case 0x52: "Implementation Class UID"
        case 0x53: "Asynchronous Operations Window"
        case 0x54: "SCP/SCU Role Selection"
        case 0x55: "Implementation Version Name"
        case 0x56: "SOP Class Extended Negotiation"
        case 0x57: "SOP Class Common Extended Negotiation"
        case 0x58: "User Identity (RQ)"
        case 0x59: "User Identity (AC)"
        default: "unknown item"
        }
    }

    private static func readUInt32(_ bytes: [UInt8], at offset: Int) -> UInt32 {
        UInt32(bytes[offset]) << 24 | UInt32(bytes[offset + 1]) << 16 | UInt32(bytes[offset + 2]) << 8
            | UInt32(bytes[offset + 3])
    }

    /// Printable ASCII as is, any other byte as ".", without the leading and trailing spaces that pad AE titles
    /// (PS3.8 Table 9-11) and that some peers add to UIDs.
    private static func printable(_ bytes: ArraySlice<UInt8>) -> String {
        var shown = bytes.map { (0x20...0x7E).contains($0) ? $0 : UInt8(ascii: ".") }[...]
        while shown.first == UInt8(ascii: " ") { shown.removeFirst() }
        while shown.last == UInt8(ascii: " ") { shown.removeLast() }
        return String(decoding: shown, as: UTF8.self)
    }
}
