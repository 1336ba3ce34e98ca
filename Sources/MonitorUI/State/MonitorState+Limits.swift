import AssociationEngine

extension MonitorState {
    /// The engine's admission limits (from its `listening` event) beside their current use as the front sees it:
    /// silent connections (Sta2) against `--max-pending`, open associations against `--max-associations`, and the
    /// busiest peer address's open connections against `--max-per-peer`. `nil` when the engine did not say.
    public var limitUse: LimitUse? {
        guard let limits = listening.first(where: { $0.maxAssociations != nil }),
              let maxAssociations = limits.maxAssociations, let maxPending = limits.maxPending,
              let maxPerPeer = limits.maxPerPeer else { return nil }
        var use = LimitUse(pending: 0, maxPending: maxPending, associations: 0, maxAssociations: maxAssociations,
                           busiestPeer: 0, maxPerPeer: maxPerPeer)
        var perPeer: [Substring: Int] = [:]
        for (id, phase) in phases where !phase.isFinished {
            if phase == .connecting { use.pending += 1 } else { use.associations += 1 }
            if let peer = associations[id]?.peer { perPeer[Self.hostPart(of: peer), default: 0] += 1 }
        }
        use.busiestPeer = perPeer.values.max() ?? 0
        return use
    }

    /// `10.0.0.5` of `10.0.0.5:4711`, `::1` of `[::1]:4711`.
    static func hostPart(of peer: String) -> Substring {
        if peer.hasPrefix("["), let close = peer.firstIndex(of: "]") {
            return peer[peer.index(after: peer.startIndex)..<close]
        }
        guard let colon = peer.lastIndex(of: ":"), peer.firstIndex(of: ":") == colon else { return Substring(peer) }
        return peer[..<colon]
    }
}
