import AssociationEvents
import Foundation

extension MonitorState {
    /// Performs one action of the key table; returns the commands for the engine.
    mutating func perform(_ action: Action) -> [EngineCommand] {
        let layout = Layout(size: size)
        switch action {
        case .data(let dataAction):
            performData(dataAction)
        case .accept, .acceptRemember:
            return accept(remember: action == .acceptRemember)
        case .reject, .rejectRemember:
            let targets = decisionTargets()
            guard let first = targets.first else { return [] }
            var dialog = RejectDialog.defaults(for: first, request: associations[first]?.request,
                                               forward: associations[first]?.forward, remember: action == .rejectRemember)
            dialog.targets = targets
            overlay = .reject(dialog)
        case .mark:
            guard let summary = selectedSummary else { return [] }
            guard awaitsDecision(summary.id) else {
                let why = summary.commandSent.map { "\($0) sent" } ?? summary.phase.word
                note("#\(summary.id) is \(why); only waiting requests can be marked", error: true)
                return []
            }
            if marked.remove(summary.id) == nil { marked.insert(summary.id) }
            note("\(marked.count) marked: a/A accepts them, r/R rejects them", error: false)
        case .markPeer:
            guard let summary = selectedSummary, summary.request != nil else { return [] }
            let peers = order.filter { sameRequestor($0, as: summary) && awaitsDecision($0) }
            marked.formUnion(peers)
            let address = PeerAddress.host(of: summary.peer)
            note("\(peers.count) waiting from \(summary.callingAETitle) at \(address) marked; \(marked.count) in all",
                 error: false)
        case .abort:
            guard let summary = selectedSummary else { return [] }
            guard summary.phase == .waiting || summary.phase.isLive || summary.phase == .connecting else {
                note("#\(summary.id) is \(summary.phase.word); nothing to abort", error: true)
                return []
            }
            overlay = .confirm(ConfirmDialog(purpose: .abort(association: summary.id)))
        case .cyclePolicy:
            let all = Policy.allCases
            let next = all[((all.firstIndex(of: policy) ?? 0) + 1) % all.count]
            policy = next
            return [.setPolicy(next)]
        case .startFilter:
            filterDraft = filter
        case .toggleFollow:
            follow.toggle()
            note("follow-newest \(follow ? "on" : "off")", error: false)
        case .showHelp:
            overlay = .help(scroll: 0)
        case .quit:
            let counts = counts
            if counts.waiting + counts.live > 0 {
                overlay = .confirm(ConfirmDialog(purpose: .quit))
                return []
            }
            exitRequested = true
            return [.shutdown]
        case .forceQuit:
            exitRequested = true
            return [.shutdown]
        case .switchPane, .switchPaneBack:
            focus = focus == .list ? .detail : .list
        case .selectTab(let newTab):
            if tab != newTab { tab = newTab; detailScroll = 0 }
            // Opening the Contexts tab of a waiting request is for editing it: the pane takes the keys.
            if newTab == .contexts, selectedSummary?.phase == .waiting { focus = .detail }
        case .moveUp, .moveDown:
            let delta = action == .moveUp ? -1 : 1
            if focus == .list { moveSelection(by: delta) }
            else if keyContexts.first == .contexts { moveContextCursor(by: delta) }
            else { scrollDetail(by: delta) }
        case .pageUp, .pageDown:
            let delta = action == .pageUp ? -1 : 1
            if focus == .list { moveSelection(by: delta * max(1, layout.listHeight - 1)) }
            else if keyContexts.first == .contexts, let summary = selectedSummary {
                let perContext = contextsCompact(summary) ? 1 : Self.linesPerContext
                moveContextCursor(by: delta * max(1, (layout.detailHeight - 2) / perContext))
            }
            else { scrollDetail(by: delta * max(1, layout.detailHeight - 2)) }
        case .top:
            if focus == .list { moveSelection(by: -Int(Int32.max)) }
            else if keyContexts.first == .contexts { moveContextCursor(by: -Int(Int32.max)) }
            else { scrollDetail(by: -Int(Int16.max)) }
        case .bottom:
            if focus == .list { moveSelection(by: Int(Int32.max)) }
            else if keyContexts.first == .contexts { moveContextCursor(by: Int(Int32.max)) }
            else { scrollDetail(by: Int(Int16.max)) }
        case .groupContexts:
            contextsGrouped.toggle()
            detailScroll = 0
            note("Contexts tab \(contextsGrouped ? "grouped by outcome" : "in proposed order")", error: false)
        case .toggleContextResult where selectedSummary?.isTapped == true:
            toggleTappedContext()
        case .cycleTransferSyntax where selectedSummary?.isTapped == true:
            note("the PACS chose each transfer syntax; the tap relays them as they are", error: true)
        case .toggleContextResult:
            editContext { decision, proposed, original in
                let next = (decision.result + 1) % 5
                decision.result = next
                decision.transferSyntax = next == 0
                    ? (original?.transferSyntax ?? proposed.transferSyntaxes.first) : nil
            }
        case .cycleTransferSyntax:
            editContext { decision, proposed, _ in
                let syntaxes = proposed.transferSyntaxes
                guard !syntaxes.isEmpty else { return }
                if decision.result != 0 {
                    decision.result = 0
                    decision.transferSyntax = decision.transferSyntax ?? syntaxes[0]
                } else {
                    let index = decision.transferSyntax.flatMap { syntaxes.firstIndex(of: $0) } ?? -1
                    decision.transferSyntax = syntaxes[(index + 1) % syntaxes.count]
                }
            }
        case .resetContexts:
            if let id = selected { associations[id]?.edits = [:] }
        case .dialogUp, .dialogDown, .dialogToggleResult:
            guard case .reject(var dialog) = overlay else { return [] }
            if action == .dialogToggleResult {
                dialog.result = dialog.result == 1 ? 2 : 1
                dialog.resultChosen = true
            } else {
                let count = RejectReason.all.count
                dialog.selected = (dialog.selected + (action == .dialogUp ? count - 1 : 1)) % count
                if !dialog.resultChosen { dialog.result = dialog.reason.usualResult }
            }
            overlay = .reject(dialog)
        case .dialogConfirm:
            guard case .reject(let dialog) = overlay else { return [] }
            overlay = nil
            let targets = dialog.targets.filter(awaitsDecision)
            guard !targets.isEmpty else { return [] }
            let reason = dialog.reason
            let remembering = dialog.remember ? rememberOnePerRequestor(targets) : []
            for id in targets { associations[id]?.commandSent = "reject" }
            note("\(Self.name(targets)): A-ASSOCIATE-RJ \(dialog.result)/\(reason.source)/\(reason.reason) requested",
                 error: false)
            decided(targets)
            return targets.map {
                .reject(association: $0, result: dialog.result, source: reason.source, reason: reason.reason,
                        remember: remembering.contains($0))
            }
        case .dialogCancel, .confirmCancel, .helpClose:
            overlay = nil
        case .confirmSwitch:
            guard case .confirm(var dialog) = overlay else { return [] }
            dialog.actionFocused.toggle()
            overlay = .confirm(dialog)
        case .confirmActivate:
            guard case .confirm(let dialog) = overlay else { return [] }
            overlay = nil
            guard dialog.actionFocused else { return [] }
            switch dialog.purpose {
            case .abort(let id):
                associations[id]?.commandSent = "abort"
                note("#\(id): A-ABORT requested", error: false)
                decided([id])
                return [.abort(association: id)]
            case .quit:
                exitRequested = true
                return [.shutdown]
            }
        case .filterApply:
            filter = filterDraft ?? filter
            filterDraft = nil
        case .filterCancel:
            filter = ""
            filterDraft = nil
        case .filterDelete:
            if filterDraft?.isEmpty == false { filterDraft?.removeLast() }
            filter = filterDraft ?? filter
        case .helpUp, .helpDown:
            guard case .help(let scroll) = overlay else { return [] }
            overlay = .help(scroll: max(0, scroll + (action == .helpUp ? -1 : 1)))
        }
        return []
    }

    /// The selected request, if it still waits for a decision nobody has sent yet.
    private mutating func decidable() -> AssociationSummary? {
        guard let summary = selectedSummary else { return nil }
        guard summary.phase == .waiting else {
            note("#\(summary.id) is \(summary.phase.word), not waiting for a decision", error: true)
            return nil
        }
        if let sent = summary.commandSent {
            note("#\(summary.id): \(sent) already sent", error: true)
            return nil
        }
        return summary
    }

    /// The requests `a`/`r` decide: every marked one still waiting (in list order), else the selected one.
    private mutating func decisionTargets() -> [Int] {
        let marks = order.filter { marked.contains($0) && awaitsDecision($0) }
        if !marks.isEmpty { return marks }
        return decidable().map { [$0.id] } ?? []
    }

    /// With "remember", one rule per calling AE title and peer address is enough (the engine applies it to the
    /// other waiting requests it matches): the first target of each such requestor carries it.
    private func rememberOnePerRequestor(_ targets: [Int]) -> Set<Int> {
        var carriers: [Int] = []
        for id in targets where !carriers.contains(where: { sameRequestor(id, as: associations[$0]) }) {
            carriers.append(id)
        }
        return Set(carriers)
    }

    /// Same calling AE title (PS3.8 Table 9-11, compared as sent) from the same peer address (any port).
    func sameRequestor(_ id: Int, as other: AssociationSummary?) -> Bool {
        guard let other, let summary = associations[id], summary.request != nil, other.request != nil else {
            return false
        }
        return summary.callingAETitle == other.callingAETitle
            && PeerAddress.host(of: summary.peer) == PeerAddress.host(of: other.peer)
    }

    /// After a decision: the decided requests lose their marks, and the selection moves on unless it is still on
    /// a request that waits.
    private mutating func decided(_ ids: [Int]) {
        marked.subtract(ids)
        if let id = selected, !awaitsDecision(id) { selectNextWaiting(after: id) }
    }

    static func name(_ ids: [Int]) -> String {
        ids.count == 1 ? "#\(ids[0])" : "\(ids.count) requests"
    }

    private mutating func accept(remember: Bool) -> [EngineCommand] {
        let targets = decisionTargets()
        guard !targets.isEmpty else { return [] }
        let remembering = remember ? rememberOnePerRequestor(targets) : []
        var commands: [EngineCommand] = []
        var edited = 0
        for id in targets {
            guard let summary = associations[id] else { continue }
            associations[id]?.commandSent = "accept"
            // The engine's reasons are its output, not part of the command. A tapped request relays the PACS's
            // answer: only the contexts the person rejects are sent.
            let contexts = summary.edits.isEmpty ? nil : summary.isTapped
                ? summary.edits.values.filter { $0.result != 0 }.sorted { $0.id < $1.id }.map {
                    ContextDecision(id: $0.id, result: $0.result)
                }
                : summary.effectiveContexts.map {
                    ContextDecision(id: $0.id, result: $0.result, transferSyntax: $0.transferSyntax)
                }
            if contexts != nil { edited += 1 }
            commands.append(.accept(association: id, presentationContexts: contexts, roleSelections: nil,
                                    remember: remembering.contains(id)))
        }
        note("\(Self.name(targets)): A-ASSOCIATE-AC requested\(edited == 0 ? "" : " with edited contexts")", error: false)
        decided(targets)
        return commands
    }

    /// Scrolls the detail pane. The Activity tab counts from its newest line (0 = follow the tail), so
    /// "down" moves towards newer lines there; the other tabs count from the top.
    private mutating func scrollDetail(by delta: Int) {
        if tab == .activity {
            let limit = (selectedSummary?.activity.count ?? 0) + 2
            detailScroll = max(0, min(limit, detailScroll - delta))
        } else {
            detailScroll = max(0, min(Int(Int16.max), detailScroll + delta))
        }
    }

    /// Moves the cursor in the order the Contexts tab lists the contexts (as proposed, or grouped by outcome).
    private mutating func moveContextCursor(by delta: Int) {
        guard let summary = selectedSummary else { return }
        let order = contextDisplayOrder(summary)
        guard !order.isEmpty else { contextCursor = 0; return }
        let position = order.firstIndex(of: contextCursor) ?? 0
        contextCursor = order[max(0, min(order.count - 1, position + delta))]
    }

    /// Applies an edit to the context under the cursor; an edit equal to the proposal is dropped.
    private mutating func editContext(_ change: (inout ContextDecision, ProposedContext, ContextDecision?) -> Void) {
        guard let id = selected, var summary = associations[id], summary.phase == .waiting,
              summary.commandSent == nil, let request = summary.request,
              request.presentationContexts.indices.contains(contextCursor) else { return }
        let proposed = request.presentationContexts[contextCursor]
        let effective = summary.effectiveContexts
        guard effective.indices.contains(contextCursor) else { return }
        var decision = effective[contextCursor]
        let original = summary.baselineContexts?.first(where: { $0.id == proposed.id })
        change(&decision, proposed, original)
        summary.edits[proposed.id] = decision == original ? nil : decision
        associations[id] = summary
    }

    /// Tap mode: `Space` rejects a context the PACS accepted (user-rejection, PS3.8 §9.3.3.2 result 1, to the
    /// requestor; upstream the context stays accepted and unused, as PS3.8 cannot withdraw it) or gives it back the
    /// PACS's answer. The PACS's own rejections and transfer syntaxes
    /// stand: the tap relays them.
    private mutating func toggleTappedContext() {
        guard let id = selected, let summary = associations[id], summary.phase == .waiting,
              summary.commandSent == nil, let request = summary.request,
              request.presentationContexts.indices.contains(contextCursor) else { return }
        let proposed = request.presentationContexts[contextCursor]
        guard let pacs = summary.baselineContexts?.first(where: { $0.id == proposed.id }) else {
            note("#\(id): the PACS has given no A-ASSOCIATE-AC to edit (\(summary.forward?.answer.stateName ?? "?"))",
                 error: true)
            return
        }
        guard pacs.result == 0 else {
            note("the PACS rejected context \(proposed.id) (result \(pacs.result)); the tap cannot accept it", error: true)
            return
        }
        if summary.edits[proposed.id] == nil {
            associations[id]?.edits[proposed.id] = ContextDecision(id: proposed.id, result: 1)
        } else {
            associations[id]?.edits[proposed.id] = nil
        }
    }

    mutating func note(_ text: String, error: Bool) {
        message = StatusMessage(text: text, isError: error, time: now)
    }
}
