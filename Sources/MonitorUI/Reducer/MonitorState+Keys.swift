import AssociationEvents
import Foundation

extension MonitorState {
    /// Looks the key up in the key table for the contexts in force and performs the action.
    mutating func handle(key: Key) -> [EngineCommand] {
        if message?.isError == true { message = nil }
        if size.isTooSmall {
            if key == .char("q") || key == .ctrl("c") { return perform(.forceQuit) }
            return []
        }
        let contexts = keyContexts
        if let action = KeyTable.action(for: key, in: contexts) { return perform(action) }
        if contexts == [.filter], case .char(let c) = key {
            filterDraft?.append(c)
            filter = filterDraft ?? ""
        }
        return []
    }

    /// Mouse: a click on a list row selects it, on a tab title picks the tab, in the detail pane focuses it.
    mutating func click(row: Int, column: Int) {
        guard overlay == nil, filterDraft == nil, !size.isTooSmall else { return }
        let layout = Layout(size: size)
        if row >= layout.listTop, row < layout.listTop + layout.listHeight {
            let ids = visibleIDs
            let index = listTop(for: ids) + row - layout.listTop
            if index < ids.count { select(ids[index]); focus = .list; follow = false }
        } else if row == layout.tabBarRow {
            if let hit = Layout.tabSpans().first(where: { $0.1.contains(column) }) {
                tab = hit.0; detailScroll = 0; focus = .detail
            }
        } else if row >= layout.detailTop, row < layout.hintRow {
            focus = .detail
        }
    }

    /// Keeps the selection on a visible row and the list scrolled so that it shows.
    mutating func normalizeSelection() {
        let ids = visibleIDs
        guard !ids.isEmpty else { listTop = 0; return }
        if selected.flatMap({ ids.firstIndex(of: $0) }) == nil { select(ids[0]) }
        listTop = listTop(for: ids)
    }

    /// The first list row shown: the stored scroll position, moved just enough to show the selection.
    func listTop(for ids: [Int]) -> Int {
        let height = Layout(size: size).listHeight
        var top = listTop
        if let index = selected.flatMap({ ids.firstIndex(of: $0) }) {
            if index < top { top = index }
            if index >= top + height { top = index - height + 1 }
        }
        return max(0, min(top, max(0, ids.count - height)))
    }

    mutating func moveSelection(by delta: Int) {
        let ids = visibleIDs
        guard !ids.isEmpty else { return }
        let current = selected.flatMap { ids.firstIndex(of: $0) } ?? 0
        select(ids[max(0, min(ids.count - 1, current + delta))])
        follow = false
    }
}
