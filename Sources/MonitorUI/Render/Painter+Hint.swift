import AssociationEvents
extension Painter {
    /// The last row: the filter being typed, a notice, or the key hints of the contexts in force — generated
    /// from `KeyTable`, `? help` always kept.
    mutating func drawHintLine() {
        let row = layout.hintRow
        let width = size.columns
        buffer.fill(row: row, column: 0, width: width)
        if let draft = state.filterDraft {
            var x = buffer.put(" filter: ", row: row, column: 0, role: .accent, attributes: [.bold])
            x += buffer.put(draft + "_", row: row, column: x)
            x += 2
            drawHints(for: [.filter], from: x, row: row)
            return
        }
        if let message = state.message {
            buffer.put(" " + message.text, row: row, column: 0, width: width, role: message.isError ? .error : .accent,
                       attributes: [.bold])
            return
        }
        drawHints(for: state.keyContexts, from: 1, row: row)
    }

    private mutating func drawHints(for contexts: [KeyContext], from start: Int, row: Int) {
        let ascii = g == .ascii
        var hints = contexts.flatMap { context in KeyTable.bindings.filter { $0.context == context && $0.hint != nil } }
        var seen = Set<Key>()
        hints = hints.filter { binding in
            guard let first = binding.keys.first, !seen.contains(first) else { return false }
            seen.insert(first)
            return true
        }
        let help = hints.first(where: { $0.action == .showHelp })
        func width(_ b: KeyBinding) -> Int { (b.keys.first?.label.count ?? 0) + 1 + (b.hint?.count ?? 0) + 2 }
        var total = hints.reduce(start) { $0 + width($1) }
        while total > size.columns, let last = hints.lastIndex(where: { $0.action != .showHelp }) {
            total -= width(hints[last])
            hints.remove(at: last)
        }
        if let help, !hints.contains(help) { hints.append(help) }
        var x = start
        for binding in hints {
            guard let key = binding.keys.first, let hint = binding.hint else { continue }
            x += buffer.put(ascii ? key.asciiLabel : key.label, row: row, column: x,
                            role: binding.dangerous ? .dangerous : .hintKey, attributes: [.bold])
            x += buffer.put(" " + hint + "  ", row: row, column: x)
        }
    }
}
