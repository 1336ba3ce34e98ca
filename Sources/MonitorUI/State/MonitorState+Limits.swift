import AssociationEvents

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
        var perPeer: [String: Int] = [:]
        for (id, phase) in phases where !phase.isFinished {
            if phase == .connecting { use.pending += 1 } else { use.associations += 1 }
            if let peer = associations[id]?.peer { perPeer[PeerAddress.host(of: peer), default: 0] += 1 }
        }
        use.busiestPeer = perPeer.values.max() ?? 0
        return use
    }

}
