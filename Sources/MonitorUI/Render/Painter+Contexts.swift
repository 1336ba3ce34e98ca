import AssociationEngine
import Foundation

extension Painter {
    /// Contexts tab: one block per presentation context (PS3.8 §9.3.2.2 / §9.3.3.2) — id, abstract syntax
    /// name and UID, proposed transfer syntaxes (the chosen one marked), the pending answer or the outcome, and for
    /// a context not accepted the engine's reason.
    /// Returns the lines and, while editing, the line range of the context under the cursor.
    func contextsLines(_ summary: AssociationSummary) -> ([StyledLine], Range<Int>?) {
        guard let request = summary.request else {
            return ([StyledLine("No A-ASSOCIATE-RQ yet.", role: .finished)], nil)
        }
        let naming = state.naming
        let editing = summary.phase == .waiting && summary.commandSent == nil
        let focused = editing && state.focus == .detail && state.overlay == nil
        var lines: [StyledLine] = []
        let decisions: [ContextDecision]
        switch summary.phase {
        case .waiting:
            decisions = summary.effectiveContexts
            let edited = summary.edits.isEmpty ? "" : "  (\(summary.edits.count) edited)"
            lines.append(StyledLine(focused
                ? "Proposed answer\(edited): Space toggles the result, t cycles the transfer syntax, u undoes"
                : "Proposed answer\(edited): Tab here to edit before accepting", role: .header, attributes: [.bold]))
        case .rejected:
            decisions = []
            lines.append(StyledLine("Association rejected: no context was answered.", role: .rejected))
        default:
            decisions = summary.accepted?.presentationContexts ?? []
            lines.append(StyledLine(summary.accepted == nil ? "Never answered." : "Outcome (A-ASSOCIATE-AC)",
                                    role: .header, attributes: [.bold]))
        }
        var isRejected = false
        if case .rejected = summary.phase { isRejected = true }
        let width = size.columns - 2
        let answerWidth = min(46, max(30, width * 2 / 5))
        let nameWidth = max(10, width - 8 - answerWidth)
        var cursorRange: Range<Int>?
        for (index, proposed) in request.presentationContexts.enumerated() {
            let decision = decisions.first(where: { $0.id == proposed.id })
            let isCursor = focused && index == state.contextCursor
            let start = lines.count
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
            lines.append(StyledLine([
                .init(text: "\(marker) " + fit(String(proposed.id), 3, right: true) + "  "),
                .init(text: fit(naming.label(proposed.abstractSyntax), nameWidth), attributes: [.bold]),
                .init(text: " "),
            ] + answer, highlighted: isCursor))
            var uidLine: [StyledLine.Span] = [.init(text: "       " + proposed.abstractSyntax, role: .finished)]
            if let role = (summary.accepted?.roleSelections ?? request.roleSelections)
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
            // Why a context is not accepted (PS3.8 Table 9-18 results 1–4), as the engine explained it.
            if let decision, decision.result != 0, let reason = decision.reason {
                lines.append(StyledLine([.init(text: "       why: "),
                                         .init(text: fit(reason, max(10, width - 12)), role: .rejected)]))
            }
            if isCursor { cursorRange = start..<lines.count }
        }
        return (lines, cursorRange)
    }
}
