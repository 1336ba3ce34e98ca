extension MonitorState {
    /// Notes a change of phase: an association that has just finished joins the history, the oldest finished ones
    /// beyond `history.limit` are dropped (never a waiting or live one), and the list order is compacted once many
    /// dropped ids have accumulated in it.
    mutating func phaseChanged(_ id: Int, from old: Phase?, to new: Phase) {
        guard new.isFinished, old?.isFinished != true else { return }
        history.finished(id)
        associations[id]?.trimActivityCapacity()
        while let dropped = history.popOverflow() {
            associations[dropped] = nil
            phases[dropped] = nil
            if selected == dropped { selected = nil }
        }
        if history.staleOrderEntries > max(1_024, order.count / 4) {
            order.removeAll { phases[$0] == nil }
            history.staleOrderEntries = 0
        }
    }
}
