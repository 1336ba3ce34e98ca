import DICOMUpperLayer

/// The Raw tab's words for each part of a PDU that `PDUDissector` located: the header's type and PDU-length, the
/// A-ASSOCIATE fixed fields, and each item's type, name, Item-length and value (PS3.8 §9.3).
enum RawItemLabel {
    static func label(_ item: PDUDissector.Item) -> String {
        let truncated = item.isTruncated ? " (truncated)" : ""
        switch item.kind {
        case .pduHeader(let type, let pduLength):
            let name = PDUType(rawValue: type)?.description ?? "unknown"
            return "PDU header: type 0x\(hex(type)) \(name), PDU-length \(pduLength)"
        case .protocolVersion(let version):
            return "protocol version \(version), reserved"
        case .calledAETitle(let title):
            return "called AE title \"\(title)\""
        case .callingAETitle(let title):
            return "calling AE title \"\(title)\""
        case .reserved:
            return "reserved (\(item.length) bytes)"
        case .body:
            return "fields"
        case .truncated:
            return item.depth == 0 && item.offset == 0 ? "truncated PDU" : "truncated item"
        case .item(let type, let itemLength):
            var label = "0x\(hex(type)) \(item.name)"
            if let id = item.presentationContextID { label += ", id \(id)" }
            if let result = item.result { label += ", result \(result)" }
            label += ", length \(itemLength)\(truncated)"
            if let text = item.text { label += ": \(text)" }
            if let number = item.number { label += ": \(number)" }
            return label
        }
    }

    static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789abcdef")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0xF)]])
    }
}
