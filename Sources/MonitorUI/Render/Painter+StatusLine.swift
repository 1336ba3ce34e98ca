import AssociationEvents

extension Painter {
    /// Row 0: who we are, where we listen, the policy, the counts and the clock — the most useful first;
    /// shorter spellings are used until it fits.
    mutating func drawStatusLine() {
        let width = size.columns
        buffer.fill(row: layout.statusRow, column: 0, width: width, role: .status)
        let plain = state.listening.filter { !$0.tls }.flatMap(\.addresses)
        let secure = state.listening.filter(\.tls).flatMap(\.addresses)
        var endpoint = plain.joined(separator: ",")
        if !secure.isEmpty { endpoint += (endpoint.isEmpty ? "" : " ") + "TLS " + secure.joined(separator: ",") }
        if endpoint.isEmpty { endpoint = "not listening yet" }
        let ae = state.aeTitle.isEmpty ? "" : state.aeTitle + "@"
        let c = state.counts
        let clock = clock(state.now)
        var flags: [String] = []
        if state.follow { flags.append("follow") }
        if !state.marked.isEmpty { flags.append("marked:\(state.marked.count)") }
        if !state.filter.isEmpty { flags.append("filter:\(state.filter)") }
        if state.stopping != nil { flags.append("STOPPING") }
        // Finished associations beyond --history were let go; say so, and where the full record is.
        let dropped = state.history.dropped
        var candidates: [(String, String)] = [
            (" assocmon  \(ae)\(endpoint)  ",
             "  queue \(c.connecting)  waiting \(c.waiting)  established \(c.live)  finished \(c.finished)"
                + (dropped > 0 ? " (\(dropped) older dropped; --events FILE keeps all)  " : "  ")),
            (" \(ae)\(endpoint) ", " q\(c.connecting) wait \(c.waiting) est \(c.live) done \(c.finished)"
                + (dropped > 0 ? " +\(dropped) dropped (--events FILE keeps all) " : " ")),
            (" \(ae)\(endpoint) ", " q\(c.connecting) wait \(c.waiting) est \(c.live) done \(c.finished)"
                + (dropped > 0 ? " +\(dropped) dropped " : " ")),
            (" \(ae)\(endpoint) ", " w\(c.waiting) e\(c.live) f\(c.finished)" + (dropped > 0 ? " +\(dropped) dropped " : " ")),
        ]
        // With the engine's limits known, each spelling is first tried with them (use/limit: silent connections
        // against --max-pending, associations against --max-associations, the busiest peer against
        // --max-per-peer), the short one before the medium one without them.
        if let l = state.limitUse {
            let wide = "queue \(l.pending)/\(l.maxPending)  waiting \(c.waiting)  established \(c.live)  "
                + "finished \(c.finished)  assoc \(l.associations)/\(l.maxAssociations)  "
                + "peer \(l.busiestPeer)/\(l.maxPerPeer)"
            let short = "w\(c.waiting) e\(c.live) f\(c.finished) q\(l.pending)/\(l.maxPending) "
                + "a\(l.associations)/\(l.maxAssociations) p\(l.busiestPeer)/\(l.maxPerPeer)"
            candidates = [(" \(ae)\(endpoint)  ", "  \(wide)  "), candidates[0], (candidates[2].0, " \(short) "),
                          candidates[1], candidates[2]]
        }
        let policy = "policy:\(state.policy.rawValue)"
        let right = (flags + [clock]).joined(separator: " ") + " "
        for (index, (left, counts)) in candidates.enumerated() {
            let total = left.count + policy.count + counts.count + right.count
            if total <= width || index == candidates.count - 1 {
                var x = buffer.put(left, row: 0, column: 0, role: .status, attributes: [.bold])
                x += buffer.put(policy, row: 0, column: x, role: policyRole, attributes: [.reverse, .bold])
                x += buffer.put(counts, row: 0, column: x, role: .status)
                if c.waiting > 0, let range = counts.range(of: "\(c.waiting)", range: counts.firstRange(ofWaiting: counts)) {
                    let offset = counts.distance(from: counts.startIndex, to: range.lowerBound)
                    buffer.restyle(row: 0, column: x - counts.count + offset, width: range.count(in: counts),
                                   role: .waiting, adding: [.bold, .reverse])
                }
                let rx = max(x, width - right.count)
                buffer.put(right, row: 0, column: rx, role: .status)
                break
            }
        }
    }

    private var policyRole: ColorRole {
        switch state.policy {
        case .ask: .waiting
        case .accept: .established
        case .reject: .rejected
        }
    }
}

private extension String {
    /// The part of the counts text after its "wait" word, so the waiting number can be highlighted.
    func firstRange(ofWaiting text: String) -> Range<String.Index> {
        if let r = text.range(of: "wait") { return r.upperBound..<text.endIndex }
        if let r = text.range(of: "w") { return r.upperBound..<text.endIndex }
        return text.startIndex..<text.endIndex
    }
}

private extension Range where Bound == String.Index {
    func count(in text: String) -> Int { text.distance(from: lowerBound, to: upperBound) }
}
