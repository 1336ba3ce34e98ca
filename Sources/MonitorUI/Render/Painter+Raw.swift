import AssociationEvents
import DICOMUpperLayer

extension Painter {
    /// Raw tab: the A-ASSOCIATE-RQ as received, in tap mode the PACS's A-ASSOCIATE-AC or -RJ as received, and the
    /// answer as sent, as hex with each item's boundary marked by a label line (User Identity values are shown
    /// as bytes only by their length).
    func rawLines(_ summary: AssociationSummary) -> [StyledLine] {
        var lines: [StyledLine] = []
        guard summary.request != nil else { return [StyledLine("No A-ASSOCIATE-RQ received.", role: .finished)] }
        lines.append(StyledLine("A-ASSOCIATE-RQ as received", role: .header, attributes: [.bold, .underline]))
        lines += dump(summary.rawRequest)
        if let forward = summary.forward {
            lines += upstreamAnswerLines(forward)
        }
        if summary.accepted != nil, !summary.rawAccept.isEmpty {
            lines.append(.empty)
            lines.append(StyledLine("A-ASSOCIATE-AC as sent", role: .header, attributes: [.bold, .underline]))
            lines += dump(summary.rawAccept)
        }
        return lines
    }

    /// The PACS's answer to the relayed request as its bytes arrived (PS3.8 §9.3.3 AC, §9.3.4 RJ), named by its
    /// PDU type byte; a note instead while there are none (still connecting, or no answer: unreachable, timed
    /// out, aborted).
    private func upstreamAnswerLines(_ forward: Forward) -> [StyledLine] {
        guard let raw = forward.raw, let type = raw.first else {
            let why = forward.answer == .connecting
                ? "has not answered yet"
                : "sent no A-ASSOCIATE-AC or -RJ to show as bytes (\(UpstreamAnswerText.sentence(forward)))"
            return [StyledLine("\(g.tap) The PACS \(forward.address) \(why).", role: .finished)]
        }
        let name = PDUType(rawValue: type)?.description ?? "answer"
        return [.empty, StyledLine("\(g.tap) \(forward.address)'s \(name) as received", role: .header,
                                   attributes: [.bold, .underline])] + dump(raw)
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
