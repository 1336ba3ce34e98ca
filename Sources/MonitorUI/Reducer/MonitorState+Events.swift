import AssociationEvents
import Foundation

extension MonitorState {
    /// Folds one engine event into the state (PS3.8 §9.2 states arrive with each event).
    mutating func apply(_ event: EngineEvent) {
        switch event {
        case .listening(let e):
            listening.append(e)
            aeTitle = e.aeTitle
            policy = e.policy
        case .connectionOpened(let e):
            var summary = AssociationSummary(id: e.association, peer: e.peer, local: e.local, opened: e.time,
                                             tls: e.tls, engineState: e.state)
            if let old = associations[e.association] { summary = old }
            insert(summary)
            if follow, selectedSummary?.phase != .waiting { selected = e.association }
        case .associationRequested(let e):
            var summary = associations[e.association]
                ?? AssociationSummary(id: e.association, peer: e.peer, opened: e.time)
            var request = e
            request.raw = []
            sharing.share(&request)
            summary.rawRequest = e.raw
            sharing.share(rawRequest: &summary.rawRequest)
            summary.request = request
            summary.forward = Self.upstream(sharedUpstream(e.forward), keepingBytesOf: summary.forward)
            summary.phase = .waiting
            summary.engineState = e.state
            insert(summary)
            if follow, selectedSummary?.phase != .waiting || selected == e.association {
                select(e.association)
            }
        case .associationAccepted(let e):
            let wasSelectedWaiting = selected == e.association && phases[e.association] == .waiting
            defer { if wasSelectedWaiting, e.decidedBy == .rule { selectNextWaiting(after: e.association) } }
            var accepted = e
            accepted.raw = []
            sharing.share(&accepted)
            var raw = e.raw
            sharing.share(rawAccept: &raw)
            let forward = sharedUpstream(e.forward)
            update(e.association) {
                $0.forward = Self.upstream(forward, keepingBytesOf: $0.forward)
                $0.accepted = accepted; $0.rawAccept = raw
                $0.phase = .established; $0.engineState = e.state; $0.edits = [:]
                $0.append(ActivityEntry(time: e.time, kind: .note("A-ASSOCIATE-AC sent (decided by \(e.decidedBy.rawValue))")))
            }
        case .associationRejected(let e):
            let wasSelectedWaiting = selected == e.association && phases[e.association] == .waiting
            defer { if wasSelectedWaiting, e.decidedBy == .rule { selectNextWaiting(after: e.association) } }
            let forward = sharedUpstream(e.forward)
            update(e.association) {
                $0.forward = Self.upstream(forward, keepingBytesOf: $0.forward)
                $0.phase = .rejected(result: e.result, source: e.source, reason: e.reason, by: e.decidedBy)
                $0.engineState = e.state
                $0.append(ActivityEntry(time: e.time, kind: .note(
                    "A-ASSOCIATE-RJ \(e.result)/\(e.source)/\(e.reason) sent (decided by \(e.decidedBy.rawValue))")))
            }
            closeOverlay(for: e.association)
        case .dimse(var e):
            sharing.share(&e)
            if e.elements != nil {
                kept.keep(e)
                e.elements = nil
                e.elementsNotListed = nil
            }
            update(e.association) {
                $0.messages += 1; $0.bytes += e.bytes; $0.engineState = e.state
                $0.append(ActivityEntry(time: e.time, kind: .dimse(e)))
            }
        case .stored(let e):
            update(e.association) {
                $0.storedCount += 1; $0.append(ActivityEntry(time: e.time, kind: .stored(e)))
            }
        case .releaseRequested(let e):
            update(e.association) {
                $0.phase = .releasing; $0.engineState = e.state
                $0.append(ActivityEntry(time: e.time, kind: .releaseRequested))
            }
        case .released(let e):
            update(e.association) {
                $0.phase = .released(by: e.by); $0.engineState = e.state
                $0.append(ActivityEntry(time: e.time, kind: .released(by: e.by)))
            }
            closeOverlay(for: e.association)
        case .aborted(let e):
            update(e.association) {
                $0.phase = .aborted(by: e.by, source: e.source, reason: e.reason); $0.engineState = e.state
                $0.abortDetail = e.detail
                $0.append(ActivityEntry(time: e.time, kind: .aborted(e)))
            }
            closeOverlay(for: e.association)
        case .connectionClosed(let e):
            update(e.association) {
                if !$0.phase.isFinished { $0.phase = .closed }
                $0.engineState = e.state; $0.closedAt = e.time
            }
            closeOverlay(for: e.association)
        case .transportFailed(let e):
            var summary = associations[e.association]
                ?? AssociationSummary(id: e.association, peer: e.peer, opened: e.time)
            summary.phase = .failed(reason: e.reason); summary.engineState = e.state
            summary.append(ActivityEntry(time: e.time, kind: .note("transport failed: \(e.reason)")))
            insert(summary)
            closeOverlay(for: e.association)
        case .policyChanged(let e):
            policy = e.policy
            message = StatusMessage(text: "policy is now \(e.policy.rawValue)", isError: false, time: now)
        case .ruleAdded(let e):
            let decided = e.decidedWaiting ?? 0
            let waiting = decided == 0 ? "" : "; it decided \(decided) waiting request\(decided == 1 ? "" : "s")"
            message = StatusMessage(text: "rule added\(e.saved ? " and saved" : ""): \(e.rule)\(waiting)",
                                    isError: false, time: now)
        case .error(let e):
            message = StatusMessage(text: e.message, isError: true, time: now)
            if let id = e.association {
                update(id) { $0.append(ActivityEntry(time: e.time, kind: .note("error: \(e.message)"))) }
            }
        case .eventsDropped(let e):
            // The front fell behind: the engine sent counts instead of the DIMSE events themselves.
            for tally in e.associations {
                update(tally.association) {
                    $0.messages += tally.messages; $0.bytes += tally.bytes
                    let commands = tally.commands.map { "\($0.count) \($0.command)" }.joined(separator: ", ")
                    $0.append(ActivityEntry(time: e.time, kind: .note(
                        "\(tally.messages) DIMSE messages not shown (the front fell behind): \(commands)")))
                }
            }
            message = StatusMessage(text: "fell behind: \(e.dropped) DIMSE events counted, not shown", isError: true,
                                    time: now)
        case .forwardAnswered(let e):
            let forward = sharedUpstream(e.forward)
            update(e.association) {
                $0.forward = Self.upstream(forward, keepingBytesOf: $0.forward)
                $0.engineState = e.state
                $0.append(ActivityEntry(time: e.time, kind: .note(
                    "PACS \(e.forward.address) answered: \(UpstreamAnswerText.sentence(e.forward))")))
            }
        case .stopping(let e):
            stopping = e.reason
            message = StatusMessage(text: "engine stopping: \(e.reason)", isError: false, time: now)
        }
        // Re-ordering the whole list per event would cost O(n) each; only the selection's own changes matter.
        // The renderer keeps the selection in view (`listTop(for:)`), so events only need to pick a first one.
        if event.association != nil, !isBulk(event), selected == nil { normalizeSelection() }
    }

    /// DIMSE traffic can arrive thousands of times a second; it changes no ordering or selection.
    private func isBulk(_ event: EngineEvent) -> Bool {
        switch event {
        case .dimse, .stored: true
        default: false
        }
    }

    private mutating func insert(_ summary: AssociationSummary) {
        if associations[summary.id] == nil { order.append(summary.id) }
        associations[summary.id] = summary
        let old = phases.updateValue(summary.phase, forKey: summary.id)
        phaseChanged(summary.id, from: old, to: summary.phase)
        if summary.phase != .waiting { marked.remove(summary.id) }
    }

    /// The upstream as the latest event reports it (the one known so far when the event reports none), keeping the
    /// PACS's answer as received (`raw`) when that event carries none for the same answer: the bytes arrive once,
    /// and the Raw tab shows them to the end.
    static func upstream(_ new: Forward?, keepingBytesOf old: Forward?) -> Forward? {
        guard let new else { return old }
        guard new.raw == nil, let old, let raw = old.raw, old.answer == new.answer else { return new }
        var kept = new
        kept.raw = raw
        return kept
    }

    /// The upstream an event reports, its answer's bytes shared with the copy already held (`RepeatSharing`).
    private mutating func sharedUpstream(_ forward: Forward?) -> Forward? {
        var forward = forward
        sharing.share(upstreamRaw: &forward)
        return forward
    }

    private mutating func update(_ id: Int, _ change: (inout AssociationSummary) -> Void) {
        // In place (optional chaining on the dictionary slot): copying a summary out would copy its activity.
        associations[id]?.modify(change)
        if let phase = associations[id]?.phase, phases[id] != phase {
            let old = phases.updateValue(phase, forKey: id)
            phaseChanged(id, from: old, to: phase)
            if phase != .waiting { marked.remove(id) }
        }
    }

    /// A dialog about an association that has just ended would act on nothing: close it and say why.
    private mutating func closeOverlay(for id: Int) {
        let affected: Bool
        switch overlay {
        case .reject(var dialog):
            // A dialog for several marked requests goes on for the others.
            guard dialog.targets.contains(id) else { return }
            dialog.targets.removeAll { $0 == id }
            if let first = dialog.targets.first {
                dialog.association = first
                overlay = .reject(dialog)
                return
            }
            affected = true
        case .confirm(let dialog): affected = dialog.purpose == .abort(association: id)
        default: affected = false
        }
        if affected {
            overlay = nil
            message = StatusMessage(text: "#\(id) ended meanwhile (\(associations[id]?.phase.word ?? "gone"))",
                                    isError: true, time: now)
        }
    }

    mutating func select(_ id: Int) {
        if selected != id { detailScroll = 0; contextCursor = 0 }
        selected = id
    }

    /// The clock moves: countdowns, transfer rates (once a second) and message expiry.
    mutating func tick(_ time: Date) {
        now = time
        for id in order {
            guard var summary = associations[id], summary.phase.isLive || summary.rate != 0 else { continue }
            let elapsed = time.timeIntervalSince(summary.rateMarkTime)
            if elapsed >= 1 {
                summary.rate = summary.phase.isLive ? Double(summary.bytes - summary.rateMarkBytes) / elapsed : 0
                summary.rateMarkBytes = summary.bytes
                summary.rateMarkTime = time
                associations[id] = summary
            }
        }
        if let message, !message.isError, time.timeIntervalSince(message.time) > StatusMessage.lifetime {
            self.message = nil
        }
    }
}
