import AssociationEvents
import Foundation

extension Painter {
    /// The tab bar and the selected tab's visible lines.
    mutating func drawDetail() {
        let width = size.columns
        let row = layout.tabBarRow
        let focused = state.focus == .detail && state.overlay == nil
        buffer.fill(row: row, column: 0, width: width, character: g.horizontal, role: focused ? .accent : .header)
        for (tab, span) in Layout.tabSpans() {
            let title = " \(tab.rawValue + 1) \(tab.title) "
            let active = tab == state.tab
            buffer.put(fit(title, span.count), row: row, column: span.lowerBound,
                       role: active ? (focused ? .accent : .header) : .plain,
                       attributes: active ? [.reverse, .bold] : [])
        }
        guard let summary = state.selectedSummary else {
            buffer.put("  nothing selected", row: layout.detailTop, column: 0, role: .finished)
            return
        }
        let (stateText, role) = stateCell(summary)
        let aes = summary.request == nil ? summary.peer
            : "\(summary.callingAETitle)\(g.arrow)\(summary.calledAETitle)"
        let title = " #\(summary.id) \(aes) \(stateText) "
        let spansEnd = Layout.tabSpans().last?.1.upperBound ?? 0
        let titleWidth = min(title.count, max(0, width - spansEnd - 2))
        buffer.put(fit(title, titleWidth), row: row, column: width - titleWidth - 1, role: role, attributes: [.bold])

        let height = layout.detailHeight
        let lines: [StyledLine]
        var top = state.detailScroll
        switch state.tab {
        case .request:
            lines = requestTabLines(summary)
        case .contexts:
            let (contextLines, cursorRange) = contextsLines(summary)
            lines = contextLines
            if let cursorRange {
                top = min(top, cursorRange.lowerBound)
                if cursorRange.upperBound > top + height { top = cursorRange.upperBound - height }
            }
        case .activity:
            lines = activityLines(summary)
            top = max(0, lines.count - height - state.detailScroll)
        case .raw:
            lines = rawLines(summary)
        }
        top = max(0, min(top, lines.count - height))
        for i in 0..<height {
            let index = top + i
            guard index < lines.count else { break }
            buffer.draw(lines[index], row: layout.detailTop + i, column: 1, width: width - 2)
        }
        if lines.count > height {
            let label = " \(top + 1)-\(min(lines.count, top + height))/\(lines.count) "
            buffer.put(label, row: layout.hintRow - 1, column: max(0, width - label.count - 1), role: .header,
                       attributes: [.reverse])
        }
    }
}
