import AssociationEvents
import Foundation

extension Painter {
    /// Contexts tab (PS3.8 §9.3.2.2 / §9.3.3.2): the pending answer or the outcome of every presentation context.
    /// Three lines per context (id, abstract syntax name and UID, proposed transfer syntaxes with the chosen one
    /// marked; a fourth with the engine's reason for a context not accepted) while they fit; otherwise one line
    /// each under a summary of the outcomes. `o` groups them by outcome; `≠` marks an answer that is not what the
    /// engine proposed. Returns the lines and, while editing, the line range of the context under the cursor.
    func contextsLines(_ summary: AssociationSummary) -> ([StyledLine], Range<Int>?) {
        guard let request = summary.request else {
            return ([StyledLine("No A-ASSOCIATE-RQ yet.", role: .finished)], nil)
        }
        let editing = summary.phase == .waiting && summary.commandSent == nil
        let focused = editing && state.focus == .detail && state.overlay == nil
        let compact = state.contextsCompact(summary)
        var lines: [StyledLine] = []
        switch summary.phase {
        case .waiting where summary.isTapped:
            let edited = summary.edits.isEmpty ? "" : "  (\(summary.edits.count) rejected by you)"
            lines.append(StyledLine(summary.baselineContexts == nil
                ? "Nothing to relay yet: the PACS has not accepted"
                : focused ? "Relayed answer\(edited): Space rejects/restores a context (unused upstream), u undoes"
                : "Relayed answer (the PACS's)\(edited): Tab here to reject contexts before accepting",
                role: .header, attributes: [.bold]))
        case .waiting:
            let edited = summary.edits.isEmpty ? "" : "  (\(summary.edits.count) edited)"
            lines.append(StyledLine(focused
                ? "Proposed answer\(edited): Space toggles the result, t cycles the transfer syntax, u undoes"
                : "Proposed answer\(edited): Tab here to edit before accepting", role: .header, attributes: [.bold]))
        case .rejected:
            lines.append(StyledLine("Association rejected: no context was answered.", role: .rejected))
        default:
            lines.append(StyledLine(summary.accepted == nil ? "Never answered." : "Outcome (A-ASSOCIATE-AC)",
                                    role: .header, attributes: [.bold]))
        }
        let shown = summary.shownContexts
        let outcomes = request.presentationContexts.map { proposed in
            ContextOutcome(shown.first(where: { $0.id == proposed.id }))
        }
        if let forward = summary.forward {
            lines.append(StyledLine([
                .init(text: "\(g.tap) PACS answered: ", role: .header, attributes: [.bold]),
                .init(text: UpstreamAnswerText.sentence(forward), role: UpstreamAnswerText.role(forward.answer)),
            ]))
        }
        if compact { lines.append(outcomeSummary(summary, outcomes: outcomes, shown: shown)) }
        var cursorRange: Range<Int>?
        var group: ContextOutcome?
        for index in state.contextDisplayOrder(summary) {
            let proposed = request.presentationContexts[index]
            if state.contextsGrouped, outcomes[index] != group {
                group = outcomes[index]
                let count = outcomes.filter { $0 == outcomes[index] }.count
                lines.append(StyledLine("\(count) \(outcomes[index].words)",
                                        role: outcomes[index] == .accepted ? .established : .rejected,
                                        attributes: [.bold, .underline]))
            }
            let isCursor = focused && index == state.contextCursor
            let start = lines.count
            let decision = shown.first(where: { $0.id == proposed.id })
            let differs = summary.differsFromProposal(proposed.id, shown: shown)
            if compact {
                lines.append(compactLine(proposed, decision: decision, differs: differs, isCursor: isCursor,
                                         pacs: summary.forward))
            } else {
                lines += fullLines(summary, proposed, decision: decision, differs: differs, isCursor: isCursor)
            }
            if isCursor { cursorRange = start..<lines.count }
        }
        return (lines, cursorRange)
    }

    /// "126 accepted · 1 abstract syntax not supported · 1 transfer syntaxes not supported", then how many
    /// answers differ from the engine's proposal; shorter words when that does not fit the width.
    private func outcomeSummary(_ summary: AssociationSummary, outcomes: [ContextOutcome],
                                shown: [ContextDecision]) -> StyledLine {
        let differing = (summary.request?.presentationContexts ?? []).filter {
            summary.differsFromProposal($0.id, shown: shown)
        }.count
        func line(short: Bool) -> StyledLine {
            var spans: [StyledLine.Span] = []
            for outcome in ContextOutcome.allCases {
                let count = outcomes.filter { $0 == outcome }.count
                guard count > 0 else { continue }
                if !spans.isEmpty { spans.append(.init(text: g == .ascii ? " - " : " · ")) }
                spans.append(.init(text: "\(count) \(short ? outcome.brief : outcome.words)",
                                   role: outcome == .accepted ? .established : .rejected, attributes: [.bold]))
            }
            if differing > 0 {
                spans.append(.init(text: short ? "  \(g.notEqual)\(differing)"
                                       : "   \(g.notEqual) \(differing) not as the engine proposed",
                                   role: .edited, attributes: [.bold]))
            }
            if spans.isEmpty { spans.append(.init(text: "\(outcomes.count) contexts", role: .finished)) }
            return StyledLine(spans)
        }
        let full = line(short: false)
        return full.spans.reduce(0) { $0 + $1.text.count } <= size.columns - 2 ? full : line(short: true)
    }

    /// One line: cursor, id, `≠`, abstract syntax name, result, chosen transfer syntax (or, when none was chosen,
    /// the proposed ones, which say why).
    private func compactLine(_ proposed: ProposedContext, decision: ContextDecision?, differs: Bool,
                             isCursor: Bool, pacs forward: Forward?) -> StyledLine {
        let naming = state.naming
        let width = size.columns - 2
        let resultWidth = 19
        // Tapped: our transfer syntax gets a fixed width and the PACS's answer the rest of the line.
        let pacsWidth = forward == nil ? 0 : (width >= 120 ? 36 : 15)
        let nameWidth = max(16, (width - 8 - resultWidth - 2 - pacsWidth) / 2)
        let syntaxWidth = width - 8 - nameWidth - resultWidth - 2 - pacsWidth
        let outcome = ContextOutcome(decision)
        let accepted = outcome == .accepted
        let result = outcome == .notAnswered ? outcome.short : "\(accepted ? g.released : g.failed) \(outcome.short)"
        let syntax: String
        if accepted {
            syntax = decision?.transferSyntax.map(naming.label) ?? "?"
        } else {
            // The engine's reason says more than the list it could not use (PS3.8 Table 9-18 results 1–4).
            syntax = decision?.reason ?? (proposed.transferSyntaxes.isEmpty ? "none proposed"
                : "proposed " + proposed.transferSyntaxes.map(naming.label).joined(separator: ", "))
        }
        return StyledLine([
            .init(text: "\(isCursor ? g.pointer : " ") " + fit(String(proposed.id), 3, right: true) + " "),
            .init(text: differs ? g.notEqual : " ", role: .edited, attributes: [.bold]),
            .init(text: " " + fit(naming.label(proposed.abstractSyntax), nameWidth), attributes: [.bold]),
            .init(text: " "),
            .init(text: fit(result, resultWidth),
                  role: accepted ? .established : (outcome == .notAnswered ? .finished : .rejected), attributes: [.bold]),
            .init(text: " "),
        ] + (forward == nil ? [.init(text: syntax, role: accepted ? .established : .finished)] : [
            .init(text: fit(syntax, syntaxWidth - 1) + " ", role: accepted ? .established : .finished),
            pacsCell(proposed.id, forward, width: pacsWidth),
        ]), highlighted: isCursor)
    }

    /// The PACS's answer for one context (PS3.8 §9.3.3.2): `⇄✓ Explicit VR LE`, `⇄✗ 3 abstract-syntax`, or
    /// `⇄ …` while the PACS has not accepted the association.
    func pacsCell(_ id: Int, _ forward: Forward?, width: Int) -> StyledLine.Span {
        guard let forward else { return .init(text: "") }
        guard let decision = UpstreamAnswerText.context(id, in: forward) else {
            let text = forward.answer == .connecting ? "\(g.tap) \(g.ellipsis)" : "\(g.tap) no AC"
            return .init(text: fit(text, width), role: UpstreamAnswerText.role(forward.answer))
        }
        let outcome = ContextOutcome(decision)
        if outcome == .accepted {
            let ts = decision.transferSyntax.map(state.naming.label) ?? "?"
            return .init(text: fit("\(g.tap)\(g.released) \(ts)", width), role: .established)
        }
        return .init(text: fit("\(g.tap)\(g.failed) \(outcome.short)", width), role: .rejected, attributes: [.bold])
    }

    /// Three lines: id, name and answer; the UID and roles; the proposed transfer syntaxes, the chosen one marked.
    private func fullLines(_ summary: AssociationSummary, _ proposed: ProposedContext, decision: ContextDecision?,
                           differs: Bool, isCursor: Bool) -> [StyledLine] {
        let naming = state.naming
        var isRejected = false
        if case .rejected = summary.phase { isRejected = true }
        let width = size.columns - 2
        let answerWidth = min(46, max(30, width * 2 / 5))
        let nameWidth = max(10, width - 9 - answerWidth)
        let isEdited = summary.phase == .waiting && summary.edits[proposed.id] != nil
        var answer: [StyledLine.Span] = []
        if let decision {
            if decision.result == 0 {
                let ts = decision.transferSyntax.map(naming.label) ?? "?"
                answer.append(.init(text: "\(g.released) accept ", role: .established, attributes: [.bold]))
                answer.append(.init(text: fit(ts, answerWidth - 16), role: .established))
            } else {
                answer.append(.init(text: fit("\(g.failed) \(decision.result) \(Format.contextResult(decision.result))",
                                              answerWidth - 7), role: .rejected, attributes: [.bold]))
            }
        } else if !isRejected {
            answer.append(.init(text: "not answered", role: .finished))
        }
        if isEdited { answer.append(.init(text: " edited", role: .edited, attributes: [.bold])) }
        let marker = isCursor ? g.pointer : " "
        var lines = [StyledLine([
            .init(text: "\(marker) " + fit(String(proposed.id), 3, right: true) + " "),
            .init(text: differs ? g.notEqual : " ", role: .edited, attributes: [.bold]),
            .init(text: " " + fit(naming.label(proposed.abstractSyntax), nameWidth), attributes: [.bold]),
            .init(text: " "),
        ] + answer, highlighted: isCursor)]
        var uidLine: [StyledLine.Span] = [.init(text: "       " + proposed.abstractSyntax, role: .finished)]
        if let role = (summary.accepted?.roleSelections ?? summary.request?.roleSelections ?? [])
            .first(where: { $0.sopClassUID == proposed.abstractSyntax }) {
            uidLine.append(.init(text: "  roles SCU \(role.scuRole) SCP \(role.scpRole)", role: .accent))
        }
        lines.append(StyledLine(uidLine))
        var tsLine: [StyledLine.Span] = [.init(text: "       proposed: ")]
        for (i, ts) in proposed.transferSyntaxes.enumerated() {
            let chosen = decision?.result == 0 && decision?.transferSyntax == ts
            if i > 0 { tsLine.append(.init(text: ", ")) }
            tsLine.append(.init(text: (chosen ? g.bullet : "") + naming.label(ts),
                                role: chosen ? .established : .plain, attributes: chosen ? [.bold] : []))
        }
        if proposed.transferSyntaxes.isEmpty { tsLine.append(.init(text: "none", role: .warning)) }
        lines.append(StyledLine(tsLine))
        if let forward = summary.forward {
            lines.append(StyledLine([.init(text: "       PACS answered: "),
                                     pacsCell(proposed.id, forward, width: max(10, width - 22))]))
        }
        // Why a context is not accepted (PS3.8 Table 9-18 results 1–4), as the engine explained it.
        if let decision, decision.result != 0, let reason = decision.reason {
            lines.append(StyledLine([.init(text: "       why: "),
                                     .init(text: fit(reason, max(10, width - 12)), role: .rejected)]))
        }
        return lines
    }
}
