import AssociationEvents
import DICOMUpperLayer

extension Painter {
    /// Raw tab: the A-ASSOCIATE-RQ as received and the answer as sent, as hex with each item's boundary
    /// marked by a label line (User Identity values are shown as bytes only by their length).
    func rawLines(_ summary: AssociationSummary) -> [StyledLine] {
        var lines: [StyledLine] = []
        guard summary.request != nil else { return [StyledLine("No A-ASSOCIATE-RQ received.", role: .finished)] }
        lines.append(StyledLine("A-ASSOCIATE-RQ as received", role: .header, attributes: [.bold, .underline]))
        lines += dump(summary.rawRequest)
        if summary.isTapped {
            // The events carry the PACS's answer decoded, not as bytes.
            lines.append(StyledLine("\(g.tap) The PACS's own A-ASSOCIATE-AC or -RJ is shown decoded in the Request tab (1), "
                                    + "not as bytes.", role: .finished))
        }
        if summary.accepted != nil, !summary.rawAccept.isEmpty {
            lines.append(.empty)
            lines.append(StyledLine("A-ASSOCIATE-AC as sent", role: .header, attributes: [.bold, .underline]))
            lines += dump(summary.rawAccept)
        }
        return lines
    }

    private func dump(_ bytes: [UInt8]) -> [StyledLine] {
        var lines: [StyledLine] = []
        let perLine = size.columns >= 120 ? 24 : 16
        for item in PDUDissector.items(bytes) {
            let indent = String(repeating: "  ", count: item.depth)
            let offset = String(item.offset, radix: 16)
            lines.append(StyledLine([
                .init(text: indent + String(repeating: "0", count: max(0, 4 - offset.count)) + offset + " ", role: .finished),
                .init(text: "\(g.topLeft)\(g.horizontal) " + RawItemLabel.label(item), role: .accent),
            ]))
            let itemBytes = bytes[item.offset..<(item.offset + item.length)]
            // User Identity (RQ) values are shown only by their length: its header, never the passcode.
            var isUserIdentity = false
            if case .item(let type, _) = item.kind, type == 0x58 { isUserIdentity = true }
            var chunk = isUserIdentity ? itemBytes.prefix(8) : itemBytes
            while !chunk.isEmpty {
                let row = chunk.prefix(perLine)
                chunk = chunk.dropFirst(row.count)
                let hex = row.map(RawItemLabel.hex).joined(separator: " ")
                let ascii = String(row.map { (0x20...0x7E).contains($0) ? Character(UnicodeScalar($0)) : "." })
                lines.append(StyledLine([
                    .init(text: indent + "     " + Format.fit(hex, perLine * 3, ellipsis: "")),
                    .init(text: ascii, role: .finished),
                ]))
            }
            if isUserIdentity, item.length > 8 {
                lines.append(StyledLine(indent + "     (\(item.length - 8) more bytes not shown: identity fields)",
                                        role: .finished))
            }
        }
        return lines
    }
}
