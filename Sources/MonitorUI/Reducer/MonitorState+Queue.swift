import AssociationEvents

extension MonitorState {
    /// Whether `id` still waits in Sta3 for a decision nobody has sent yet.
    func awaitsDecision(_ id: Int) -> Bool {
        phases[id] == .waiting && associations[id]?.commandSent == nil
    }

    /// After a decision, a person working through a queue wants the next request that waits, as a mail client
    /// goes to the next message: the first undecided request below `id` in list order, else the first above it;
    /// the selection stays when none waits. Follow mode is left as it was (it only concerns new arrivals).
    mutating func selectNextWaiting(after id: Int) {
        let ids = visibleIDs
        let start = ids.firstIndex(of: id).map { $0 + 1 } ?? 0
        let candidates = ids[start...] + ids[..<min(start, ids.count)]
        guard let next = candidates.first(where: { $0 != id && awaitsDecision($0) }) else { return }
        select(next)
    }
}
