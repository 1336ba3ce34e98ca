import AssociationEvents

extension Painter {
    /// `d`: the Data view over the whole screen but the hint line: a title naming the message, a column header,
    /// then the tag tree (tag, VR, length, keyword, value), a sequence's items and an item's elements indented
    /// two columns a level, "+" before a folded sequence or item and "-" before an open one. Only what is visible is
    /// drawn.
    mutating func drawDataView(_ view: DataView) {
        for row in 0..<layout.hintRow { buffer.fill(row: row, column: 0, width: size.columns) }
        guard let message = state.kept.message(serial: view.serial) else {
            buffer.put(" Data: the message is no longer kept (Esc closes)", row: 0, column: 0, width: size.columns,
                       role: .status)
            return
        }
        let siblings = state.kept.of(message.association)
        let position = (siblings.firstIndex { $0.serial == message.serial } ?? 0) + 1
        var title = " Data  #\(message.association) \(message.command)"
        if let id = message.messageID { title += " msg \(id)" }
        title += "  \(clock(message.time))  message \(position)/\(siblings.count)"
        if let more = message.elementsNotListed { title += "  (\(more) entries not listed)" }
        buffer.fill(row: 0, column: 0, width: size.columns, role: .status)
        buffer.put(title, row: 0, column: 0, width: size.columns, role: .status, attributes: [.bold])
        buffer.put(" " + fit("Tag", 12) + fit("VR", 3) + fit("Length", 8) + fit("Keyword", 29) + "Value", row: 1, column: 0,
                   width: size.columns, role: .header, attributes: [.underline])
        let rows = view.visibleRows(message.elements)
        let height = max(1, size.rows - 3)
        // After a resize the stored scroll position may no longer show the cursor.
        var view = view
        view.scrollToCursor(message.elements, height: height)
        for line in 0..<height {
            let index = view.top + line
            guard index < rows.count else { break }
            let elementIndex = rows[index]
            let element = message.elements[elementIndex]
            let row = 2 + line
            buffer.put(dataLine(element, folded: view.folded.contains(elementIndex)), row: row, column: 0,
                       width: size.columns, role: element.part == .command ? .accent : .plain)
            if DataView.matches(element, view.query) {
                buffer.restyle(row: row, column: 0, width: size.columns, adding: [.underline])
            }
            if elementIndex == view.cursor {
                buffer.restyle(row: row, column: 0, width: size.columns, adding: [.reverse, .bold])
            }
        }
        if rows.count > height {
            let label = " \(view.top + 1)-\(min(rows.count, view.top + height))/\(rows.count) "
            buffer.put(label, row: 1, column: max(0, size.columns - label.count), role: .header)
        }
    }

    /// An odd group other than 0001–0007 and FFFF (PS3.5 §7.8.1), from "(gggg,eeee)".
    static func isPrivate(_ tag: String) -> Bool {
        guard let group = Int(tag.dropFirst().prefix(4), radix: 16) else { return false }
        return group & 1 == 1 && group > 7 && group != 0xFFFF
    }

    /// "-(0010,1002) SQ u/l     OtherPatientIDsSequence      " then the value, indented by depth.
    func dataLine(_ element: MessageElement, folded: Bool) -> String {
        let marker = DataView.isFoldable(element) ? (folded ? "+" : "-") : " "
        let indent = String(repeating: "  ", count: min(element.depth, 8))
        let vr = element.vr ?? "  "
        let length = element.length.map(String.init) ?? "u/l"
        let name: String
        switch element.kind {
        case .element: name = element.keyword ?? (Self.isPrivate(element.tag) ? "(private)" : "(unknown)")
        case .item: name = "Item"
        case .itemDelimitation: name = "ItemDelimitationItem"
        case .sequenceDelimitation: name = "SequenceDelimitationItem"
        }
        let value = element.value.map { "[\($0)]" } ?? (element.tag == "(7FE0,0010)" ? "(pixel data, not read)" : "")
        let padded = length.count < 7 ? length + String(repeating: " ", count: 7 - length.count) : length
        return "\(indent)\(marker)\(element.tag) \(vr) \(padded) \(fit(name, 28)) \(value)"
    }
}
