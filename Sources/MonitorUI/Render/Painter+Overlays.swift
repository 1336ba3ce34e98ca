import AssociationEvents
extension Painter {
    /// Draws an empty framed box with a title and returns its inner rectangle (row, column, width, height).
    mutating func box(width: Int, height: Int, title: String, role: ColorRole) -> (Int, Int, Int, Int) {
        let w = max(10, min(width, size.columns - 2))
        let h = max(4, min(height, size.rows - 2))
        let top = max(0, (size.rows - h) / 2)
        let left = max(0, (size.columns - w) / 2)
        for r in top..<(top + h) { buffer.fill(row: r, column: left, width: w) }
        buffer.fill(row: top, column: left + 1, width: w - 2, character: g.horizontal, role: role)
        buffer.fill(row: top + h - 1, column: left + 1, width: w - 2, character: g.horizontal, role: role)
        for r in (top + 1)..<(top + h - 1) {
            buffer.put(String(g.vertical), row: r, column: left, role: role)
            buffer.put(String(g.vertical), row: r, column: left + w - 1, role: role)
        }
        buffer.put(String(g.topLeft), row: top, column: left, role: role)
        buffer.put(String(g.topRight), row: top, column: left + w - 1, role: role)
        buffer.put(String(g.bottomLeft), row: top + h - 1, column: left, role: role)
        buffer.put(String(g.bottomRight), row: top + h - 1, column: left + w - 1, role: role)
        buffer.put(" \(title) ", row: top, column: left + 2, width: w - 4, role: role, attributes: [.bold])
        return (top + 1, left + 2, w - 4, h - 2)
    }

    /// `?`: every binding of every context, generated from `KeyTable`.
    mutating func drawHelp(scroll: Int) {
        let ascii = g == .ascii
        var lines: [StyledLine] = []
        for context in KeyContext.allCases {
            let bindings = KeyTable.bindings.filter { $0.context == context }
            guard !bindings.isEmpty else { continue }
            if !lines.isEmpty { lines.append(.empty) }
            lines.append(StyledLine(context.rawValue, role: .header, attributes: [.bold, .underline]))
            for binding in bindings {
                var spans: [StyledLine.Span] = [
                    .init(text: " " + fit(binding.keyLabel(ascii: ascii), 14), role: binding.dangerous ? .dangerous : .hintKey,
                          attributes: [.bold]),
                    .init(text: binding.help),
                ]
                if binding.dangerous { spans.append(.init(text: " (!)", role: .dangerous, attributes: [.bold])) }
                lines.append(StyledLine(spans))
            }
        }
        let (top, left, width, height) = box(width: 100, height: size.rows - 2, title: "Keys (? or Esc closes)",
                                             role: .dialog)
        let first = max(0, min(scroll, lines.count - height))
        for i in 0..<height where first + i < lines.count {
            buffer.draw(lines[first + i], row: top + i, column: left, width: width)
        }
        if lines.count > height {
            let label = " \(first + 1)-\(min(lines.count, first + height))/\(lines.count) j/k "
            buffer.put(label, row: top + height, column: left + width - label.count, role: .dialog)
        }
    }

    /// `r`: result, then source/reason from PS3.8 Table 9-21, with the default preselected.
    mutating func drawReject(_ dialog: RejectDialog) {
        let summary = state.associations[dialog.association]
        let who = summary.map { "\($0.callingAETitle)\(g.arrow)\($0.calledAETitle)" } ?? ""
        let whom = dialog.targets.count > 1 ? "\(dialog.targets.count) marked requests, first #\(dialog.association)"
            : "#\(dialog.association)"
        let title = "Reject \(whom) \(who)\(dialog.remember ? " and remember" : "")"
        let (top, left, width, _) = box(width: 72, height: RejectReason.all.count + 9, title: title, role: .dangerous)
        var row = top
        let heading = buffer.put("A-ASSOCIATE-RJ (PS3.8 Table 9-21)", row: row, column: left, width: width,
                                 role: .header)
        // In tap mode the PACS's own rejection is preselected; say where the triple came from.
        if let pacs = UpstreamAnswerText.suggestedRejection(summary?.forward) {
            buffer.put("   \(g.tap) \(pacs.why)", row: row,
                       column: left + heading, width: max(0, width - heading), role: .rejected, attributes: [.bold])
        }
        row += 2
        var x = left + buffer.put("Result  ", row: row, column: left, role: .header)
        for result in [1, 2] {
            let on = dialog.result == result
            x += buffer.put("(\(on ? g.bullet : " ")) \(result) \(RejectReason.resultName(result))", row: row, column: x,
                            role: on ? .rejected : .plain, attributes: on ? [.bold] : [])
            x += 3
        }
        row += 2
        buffer.put("Source / reason", row: row, column: left, role: .header)
        row += 1
        for (index, reason) in RejectReason.all.enumerated() {
            let on = index == dialog.selected
            let text = "\(on ? g.pointer : " ") \(reason.source)/\(reason.reason)  \(reason.text)"
            buffer.put(fit(text, width), row: row, column: left, role: on ? .rejected : .plain)
            if on { buffer.restyle(row: row, column: left, width: width, adding: [.reverse, .bold]) }
            row += 1
        }
        row += 1
        let r = dialog.reason
        var y = left + buffer.put("Enter", row: row, column: left, role: .dangerous, attributes: [.bold])
        y += buffer.put(" sends \(dialog.result)/\(r.source)/\(r.reason)   ", row: row, column: y)
        y += buffer.put("Space", row: row, column: y, role: .hintKey, attributes: [.bold])
        y += buffer.put(" result   ", row: row, column: y)
        y += buffer.put("Esc", row: row, column: y, role: .hintKey, attributes: [.bold])
        buffer.put(" cancel", row: row, column: y)
    }

    /// Abort / quit confirmation; Cancel has the focus until Tab moves it.
    mutating func drawConfirm(_ dialog: ConfirmDialog) {
        let question: String, detail: String, action: String
        switch dialog.purpose {
        case .abort(let id):
            let s = state.associations[id]
            question = "Abort association #\(id) (\(s?.callingAETitle ?? "")\(g.arrow)\(s?.calledAETitle ?? ""), "
                + "\(s?.phase.word ?? "gone"))?"
            detail = "An A-ABORT (source 0, service-user) is sent and the connection closed."
            action = "Abort"
        case .quit:
            let c = state.counts
            question = "Quit assocmon?"
            detail = "\(c.waiting) waiting, \(c.live) established: the engine stops and aborts them."
            action = "Quit"
        }
        let (top, left, width, _) = box(width: max(question.count, detail.count) + 6, height: 7, title: "Confirm",
                                        role: .dangerous)
        buffer.put(question, row: top, column: left, width: width, attributes: [.bold])
        buffer.put(detail, row: top + 1, column: left, width: width)
        let cancel = "[ Cancel ]", act = "[ \(action) ]"
        let x = left + max(0, (width - cancel.count - act.count - 4) / 2)
        buffer.put(cancel, row: top + 3, column: x, role: dialog.actionFocused ? .plain : .accent,
                   attributes: dialog.actionFocused ? [] : [.reverse, .bold])
        buffer.put(act, row: top + 3, column: x + cancel.count + 4, role: .dangerous,
                   attributes: dialog.actionFocused ? [.reverse, .bold] : [])
    }
}
