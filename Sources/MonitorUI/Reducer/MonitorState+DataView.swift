import AssociationEvents

extension MonitorState {
    /// Rows of the Data view's tree: the screen less its title, column header and hint line.
    var dataViewHeight: Int { max(1, size.rows - 3) }

    /// The message the Data view shows, while it is still kept.
    var dataViewMessage: KeptMessages.Message? {
        dataView.flatMap { kept.message(serial: $0.serial) }
    }

    mutating func performData(_ action: DataAction) {
        if action == .open { return openDataView() }
        guard var view = dataView else { return }
        let elements = dataViewMessage?.elements ?? []
        let page = max(1, dataViewHeight - 1)
        switch action {
        case .open: break
        case .close:
            dataView = nil
            return
        case .up: view.move(by: -1, elements)
        case .down: view.move(by: 1, elements)
        case .pageUp: view.move(by: -page, elements)
        case .pageDown: view.move(by: page, elements)
        case .top: view.move(by: -elements.count, elements)
        case .bottom: view.move(by: elements.count, elements)
        case .toggleFold: view.setFold(nil, elements)
        case .fold: view.setFold(true, elements)
        case .unfold: view.setFold(false, elements)
        case .startSearch: view.searchDraft = ""
        case .searchDelete: _ = view.searchDraft?.popLast()
        case .searchCancel: view.searchDraft = nil
        case .searchApply, .searchNext:
            if let draft = view.searchDraft { view.query = draft }
            view.searchDraft = nil
            guard !view.query.isEmpty else { break }
            if !view.findNext(elements) { note("no entry matches \"\(view.query)\"", error: true) }
        case .older, .newer:
            guard let current = dataViewMessage else { break }
            let siblings = kept.of(current.association)
            guard let index = siblings.firstIndex(where: { $0.serial == current.serial }) else { break }
            let next = index + (action == .older ? -1 : 1)
            guard siblings.indices.contains(next) else {
                note(action == .older ? "no earlier message kept" : "no later message kept", error: false)
                break
            }
            let query = view.query
            view = DataView(serial: siblings[next].serial)
            view.query = query
        }
        view.scrollToCursor(kept.message(serial: view.serial)?.elements ?? [], height: dataViewHeight)
        dataView = view
    }

    /// `d`: the selected association's last received message kept.
    private mutating func openDataView() {
        guard let summary = selectedSummary else {
            note("select an association first", error: true)
            return
        }
        guard let last = kept.of(summary.id).last else {
            note("#\(summary.id): no received message to show (only the latest \(kept.limit) are kept)", error: true)
            return
        }
        dataView = DataView(serial: last.serial)
    }
}
