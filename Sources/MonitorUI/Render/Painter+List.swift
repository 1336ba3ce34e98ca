import AssociationEvents
import Foundation

extension Painter {
    /// The list pane: a header, then the visible slice of `state.visibleIDs`.
    mutating func drawList() {
        let width = size.columns
        let columns = ListColumns(width: width)
        let focused = state.focus == .list && state.overlay == nil
        buffer.put(fit(columns.header(ellipsis: g.ellipsis, arrow: g.arrow), width), row: layout.listHeaderRow, column: 0,
                   role: focused ? .accent : .header, attributes: [.bold, .underline])
        let ids = state.visibleIDs
        if ids.isEmpty {
            drawEmptyList()
            return
        }
        let top = state.listTop(for: ids)
        for line in 0..<layout.listHeight {
            let index = top + line
            guard index < ids.count, let summary = state.associations[ids[index]] else { break }
            drawRow(summary, row: layout.listTop + line, columns: columns, selected: summary.id == state.selected)
        }
        if ids.count > layout.listHeight {
            let label = " \(top + 1)-\(min(ids.count, top + layout.listHeight)) of \(ids.count) "
            buffer.put(label, row: layout.listHeaderRow, column: max(0, width - label.count - 1), role: .header)
        }
    }

    private mutating func drawEmptyList() {
        let row = layout.listTop + 1
        if !state.filter.isEmpty {
            buffer.put("  nothing matches the filter \"\(state.filter)\" (/ then Esc clears it)", row: row, column: 0,
                       role: .warning)
            return
        }
        let port = state.listening.first?.addresses.first.flatMap { $0.split(separator: ":").last }.map(String.init)
        buffer.put("  Waiting for associations. Try:", row: row, column: 0)
        let ae = state.aeTitle.isEmpty ? "ASSOCMON" : state.aeTitle
        buffer.put("    echoscu -aet ECHOSCU -aec \(ae) localhost \(port ?? "11112")", row: row + 1, column: 0,
                   role: .accent)
    }

    private mutating func drawRow(_ summary: AssociationSummary, row: Int, columns: ListColumns, selected: Bool) {
        let counts = summary.contextCounts
        // TLS associations (PS3.15 Annex B) are marked in words, so the mark survives monochrome and ASCII.
        let secure = summary.tls == nil ? "" : (summary.request == nil ? "TLS" : "TLS ")
        // A tapped association (relayed to a PACS) is marked the same way, before the AE titles.
        let tapped = summary.isTapped ? "\(g.tap) " : ""
        let aes = secure + tapped
            + (summary.request == nil ? "" : "\(summary.callingAETitle)\(g.arrow)\(summary.calledAETitle)")
        let (stateText, _) = stateCell(summary)
        let text = columns.row(
            id: "#\(summary.id)", time: clock(summary.opened), peer: summary.peer, aes: aes, state: stateText,
            contexts: summary.request == nil ? "" : "\(counts.accepted)/\(counts.proposed)",
            messages: summary.messages == 0 ? "" : "\(summary.messages)",
            bytes: summary.bytes == 0 ? "" : Format.bytes(summary.bytes), ellipsis: g.ellipsis)
        let rowRole: ColorRole = summary.phase == .waiting ? .waiting : (summary.phase.isFinished ? .finished : .plain)
        buffer.put(fit(text, size.columns), row: row, column: 0, role: rowRole)
        buffer.restyle(row: row, column: columns.stateColumn, width: columns.state, role: summary.phase.role)
        if summary.phase == .waiting, let deadline = summary.request?.deadline,
           Format.secondsLeft(deadline, now: state.now) <= 5 {
            buffer.restyle(row: row, column: columns.stateColumn, width: columns.state, role: .error, adding: [.bold])
        }
        // The PACS's answer in a waiting row keeps its own colour (accepted, partly, rejected, unreachable).
        if let forward = summary.forward, let offset = pacsOffset(in: stateText), offset < columns.state {
            buffer.restyle(row: row, column: columns.stateColumn + offset, width: columns.state - offset,
                           role: UpstreamAnswerText.role(forward.answer), adding: [.bold])
        }
        if state.marked.contains(summary.id) {
            buffer.put(g.mark, row: row, column: 1, role: .accent, attributes: [.bold])
        }
        if selected {
            buffer.put(g.pointer, row: row, column: 0, role: rowRole)
            buffer.restyle(row: row, column: 0, width: size.columns, adding: [.reverse])
        }
    }

    /// The state column's text: glyph + word, with the countdown for waiting requests and how and by whom
    /// finished ones ended.
    func stateCell(_ summary: AssociationSummary) -> (String, ColorRole) {
        let text: String
        switch summary.phase {
        case .connecting:
            text = "\(g.connecting) connected"
        case .waiting:
            if let sent = summary.commandSent {
                text = "\(g.waiting) \(sent) sent"
            } else if let forward = summary.forward {
                // Tapped: the countdown and what the PACS answered meanwhile ("◆ 23s ⇄ AC 3/4").
                let left = summary.request?.deadline.map { "\(Format.secondsLeft($0, now: state.now))s " } ?? ""
                text = "\(g.waiting) \(left)\(g.tap) \(UpstreamAnswerText.short(forward.answer))"
            } else if let deadline = summary.request?.deadline {
                text = "\(g.waiting) waiting \(Format.secondsLeft(deadline, now: state.now))s"
            } else {
                text = "\(g.waiting) waiting"
            }
        case .established:
            text = summary.rate > 0
                ? "\(g.established) est \(Format.bytes(Int(summary.rate)))/s" : "\(g.established) established"
        case .releasing:
            text = "\(g.releasing) releasing"
        case .released(let by):
            // In tap mode the upstream is the PACS; its name keeps the text inside the column.
            text = switch by {
            case .peer: "\(g.released) released"
            case .upstream: "\(g.released) released by PACS"
            default: "\(g.released) released by \(by.rawValue)"
            }
        case .rejected(let result, let source, let reason, let by):
            text = "\(g.failed) rej \(result)/\(source)/\(reason) \(Self.short(by))"
        case .aborted(let by, _, _):
            text = "\(g.failed) aborted \(by == .upstream ? "PACS" : by.rawValue)"
        case .failed:
            text = "\(g.failed) failed"
        case .closed:
            text = "\(g.closed) closed"
        }
        return (text, summary.phase.role)
    }

    /// Where the PACS's answer starts in a waiting tapped row's state text, if it shows one.
    private func pacsOffset(in stateText: String) -> Int? {
        guard let range = stateText.range(of: " \(g.tap) ") else { return nil }
        return stateText.distance(from: stateText.startIndex, to: range.upperBound)
    }

    static func short(_ by: DecidedBy) -> String {
        switch by {
        case .operator: "op"
        case .shutdown: "stop"
        default: by.rawValue
        }
    }
}
