import AssociationEvents

extension MonitorState {
    /// Lines per context in the full Contexts view (name, UID and roles, proposed transfer syntaxes).
    static let linesPerContext = 3

    /// One line per context when the full view (three lines each, a fourth for the reason of a context not
    /// accepted, another for the PACS's answer in tap mode, plus its header) does not fit the pane: a storescu proposing 128 contexts would otherwise need
    /// 385 lines.
    public func contextsCompact(_ summary: AssociationSummary) -> Bool {
        let count = summary.request?.presentationContexts.count ?? 0
        let reasons = summary.shownContexts.filter { $0.result != 0 && $0.reason != nil }.count
        // A tapped association adds the PACS's answer: one line per context and one for the whole answer.
        let pacs = summary.isTapped ? count + 1 : 0
        return count * Self.linesPerContext + reasons + pacs + 1 > Layout(size: size).detailHeight
    }

    /// Indices into the proposed contexts in the order the tab lists them: as proposed, or grouped by outcome
    /// (stable within a group). The cursor moves in this order, so editing works the same in both.
    public func contextDisplayOrder(_ summary: AssociationSummary) -> [Int] {
        let proposed = summary.request?.presentationContexts ?? []
        guard contextsGrouped else { return Array(proposed.indices) }
        let shown = summary.shownContexts
        let rank = proposed.map { context in ContextOutcome(shown.first(where: { $0.id == context.id })).rank }
        return proposed.indices.sorted { rank[$0] != rank[$1] ? rank[$0] < rank[$1] : $0 < $1 }
    }
}
