import AssociationEngine
import Foundation

extension MonitorState {
    /// Performs one action of the key table; returns the commands for the engine.
    mutating func perform(_ action: Action) -> [EngineCommand] {
        let layout = Layout(size: size)
        switch action {
        case .accept, .acceptRemember:
            return accept(remember: action == .acceptRemember)
        case .reject, .rejectRemember:
            guard let summary = decidable() else { return [] }
            overlay = .reject(.defaults(for: summary.id, request: summary.request, remember: action == .rejectRemember))
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
            else { scrollDetail(by: delta * max(1, layout.detailHeight - 2)) }
        case .top:
            if focus == .list { moveSelection(by: -Int(Int32.max)) } else { scrollDetail(by: -Int(Int16.max)) }
        case .bottom:
            if focus == .list { moveSelection(by: Int(Int32.max)) } else { scrollDetail(by: Int(Int16.max)) }
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
            guard associations[dialog.association]?.phase == .waiting else { return [] }
            associations[dialog.association]?.commandSent = "reject"
            let reason = dialog.reason
            note("#\(dialog.association): A-ASSOCIATE-RJ \(dialog.result)/\(reason.source)/\(reason.reason) requested",
                 error: false)
            return [.reject(association: dialog.association, result: dialog.result, source: reason.source,
                            reason: reason.reason, remember: dialog.remember)]
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

    private mutating func accept(remember: Bool) -> [EngineCommand] {
        guard let summary = decidable() else { return [] }
        associations[summary.id]?.commandSent = "accept"
        // The engine's reasons are its output, not part of the command.
        let contexts = summary.edits.isEmpty ? nil : summary.effectiveContexts.map {
            ContextDecision(id: $0.id, result: $0.result, transferSyntax: $0.transferSyntax)
        }
        note("#\(summary.id): A-ASSOCIATE-AC requested\(contexts == nil ? "" : " with edited contexts")", error: false)
        return [.accept(association: summary.id, presentationContexts: contexts, roleSelections: nil,
                        remember: remember)]
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

    private mutating func moveContextCursor(by delta: Int) {
        let count = selectedSummary?.request?.presentationContexts.count ?? 0
        contextCursor = max(0, min(max(0, count - 1), contextCursor + delta))
    }

    /// Applies an edit to the context under the cursor; an edit equal to the proposal is dropped.
    private mutating func editContext(_ change: (inout ContextDecision, ProposedContext, ContextDecision?) -> Void) {
        guard let id = selected, var summary = associations[id], summary.phase == .waiting,
              summary.commandSent == nil, let request = summary.request,
              request.presentationContexts.indices.contains(contextCursor) else { return }
        let proposed = request.presentationContexts[contextCursor]
        var decision = summary.effectiveContexts[contextCursor]
        let original = request.proposal.presentationContexts.first(where: { $0.id == proposed.id })
        change(&decision, proposed, original)
        summary.edits[proposed.id] = decision == original ? nil : decision
        associations[id] = summary
    }

    mutating func note(_ text: String, error: Bool) {
        message = StatusMessage(text: text, isError: error, time: now)
    }
}
