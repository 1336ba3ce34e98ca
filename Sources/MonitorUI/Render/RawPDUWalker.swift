import AssociationEvents
/// Splits an association PDU (hex, as the engine reports it) into labelled segments for the Raw tab: the
/// PS3.8 §9.3.1 header, the fixed fields of §9.3.2/§9.3.3, and each item and sub-item (§9.3.2.1–§9.3.2.3,
/// Annex D). Display only: bounds-checked, tolerant, never trapping on odd bytes.
struct RawPDUWalker {
    struct Segment: Equatable {
        var offset: Int
        var bytes: ArraySlice<UInt8>
        var label: String
        var depth: Int
    }

    static func bytes(fromHex hex: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(hex.utf8.count / 2)
        var high: UInt8?
        for c in hex.utf8 {
            let v: UInt8
            switch c {
            case 0x30...0x39: v = c - 0x30
            case 0x41...0x46: v = c - 0x41 + 10
            case 0x61...0x66: v = c - 0x61 + 10
            default: continue
            }
            if let h = high { out.append(h << 4 | v); high = nil } else { high = v }
        }
        return out
    }

    static func segments(_ b: [UInt8]) -> [Segment] {
        guard b.count >= 6 else { return [Segment(offset: 0, bytes: b[...], label: "truncated PDU", depth: 0)] }
        let type = b[0]
        let length = Int(b[2]) << 24 | Int(b[3]) << 16 | Int(b[4]) << 8 | Int(b[5])
        var out = [Segment(offset: 0, bytes: b[0..<6],
                           label: "PDU header: type 0x\(hex(type)) \(pduName(type)), PDU-length \(length)", depth: 0)]
        if type == 1 || type == 2, b.count >= 74 {
            out.append(Segment(offset: 6, bytes: b[6..<10],
                               label: "protocol version \(Int(b[6]) << 8 | Int(b[7])), reserved", depth: 0))
            out.append(Segment(offset: 10, bytes: b[10..<26], label: "called AE title \"\(text(b[10..<26]))\"", depth: 0))
            out.append(Segment(offset: 26, bytes: b[26..<42], label: "calling AE title \"\(text(b[26..<42]))\"", depth: 0))
            out.append(Segment(offset: 42, bytes: b[42..<74], label: "reserved (32 bytes)", depth: 0))
            items(b, from: 74, to: b.count, depth: 0, into: &out)
        } else if b.count > 6 {
            out.append(Segment(offset: 6, bytes: b[6...], label: "fields", depth: 0))
        }
        return out
    }

    private static func items(_ b: [UInt8], from start: Int, to end: Int, depth: Int, into out: inout [Segment]) {
        var at = start
        while at < end {
            guard at + 4 <= end else {
                out.append(Segment(offset: at, bytes: b[at..<end], label: "truncated item", depth: depth))
                return
            }
            let type = b[at]
            let length = Int(b[at + 2]) << 8 | Int(b[at + 3])
            let itemEnd = min(end, at + 4 + length)
            let truncated = at + 4 + length > end ? " (truncated)" : ""
            switch type {
            case 0x20 where itemEnd >= at + 8, 0x21 where itemEnd >= at + 8:
                let result = type == 0x21 ? ", result \(b[at + 6])" : ""
                out.append(Segment(offset: at, bytes: b[at..<(at + 8)],
                                   label: "0x\(hex(type)) \(itemName(type)), id \(b[at + 4])\(result), length \(length)\(truncated)",
                                   depth: depth))
                items(b, from: at + 8, to: itemEnd, depth: depth + 1, into: &out)
            case 0x50:
                out.append(Segment(offset: at, bytes: b[at..<(at + 4)],
                                   label: "0x50 User Information, length \(length)\(truncated)", depth: depth))
                items(b, from: at + 4, to: itemEnd, depth: depth + 1, into: &out)
            default:
                let value = b[(at + 4)..<itemEnd]
                var label = "0x\(hex(type)) \(itemName(type)), length \(length)\(truncated)"
                switch type {
                case 0x10, 0x30, 0x40, 0x52, 0x55: label += ": \(text(value))"
                case 0x51 where value.count == 4:
                    label += ": \(value.reduce(0) { $0 << 8 | Int($1) })"
                default: break
                }
                out.append(Segment(offset: at, bytes: b[at..<itemEnd], label: label, depth: depth))
            }
            at = itemEnd
        }
    }

    static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789abcdef")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0xF)]])
    }

    private static func text(_ bytes: ArraySlice<UInt8>) -> String {
        String(decoding: bytes.map { (0x20...0x7E).contains($0) ? $0 : UInt8(ascii: ".") }, as: UTF8.self)
            .trimmingCharacters(in: " ")
    }

    private static func pduName(_ type: UInt8) -> String {
        switch type {
        case 1: "A-ASSOCIATE-RQ"
        case 2: "A-ASSOCIATE-AC"
        case 3: "A-ASSOCIATE-RJ"
        case 4: "P-DATA-TF"
        case 5: "A-RELEASE-RQ"
        case 6: "A-RELEASE-RP"
        case 7: "A-ABORT"
        default: "unknown"
        }
    }

    private static func itemName(_ type: UInt8) -> String {
        switch type {
        case 0x10: "Application Context"
        case 0x20: "Presentation Context (RQ)"
        case 0x21: "Presentation Context (AC)"
        case 0x30: "Abstract Syntax"
        case 0x40: "Transfer Syntax"
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
}

private extension String {
    func trimmingCharacters(in character: Character) -> String {
        var s = Substring(self)
        while s.first == character { s.removeFirst() }
        while s.last == character { s.removeLast() }
        return String(s)
    }
}
