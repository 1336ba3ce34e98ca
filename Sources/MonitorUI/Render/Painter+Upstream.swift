import AssociationEvents
import Foundation

extension Painter {
    /// Below this width the PACS's answer goes under the request instead of beside it.
    static let sideBySideColumns = 100

    /// Request tab: the requestor's A-ASSOCIATE-RQ and, for a tapped association, what the PACS answered — side
    /// by side from 100 columns, the PACS's part under the request on a narrower screen.
    func requestTabLines(_ summary: AssociationSummary) -> [StyledLine] {
        let request = requestLines(summary)
        guard summary.isTapped else { return request }
        let pacs = upstreamLines(summary)
        guard size.columns >= Self.sideBySideColumns else { return request + [.empty] + pacs }
        let width = size.columns - 2
        let leftWidth = (width - 3) / 2
        let rightWidth = width - leftWidth - 3
        let left = [StyledLine("A-ASSOCIATE-RQ from \(summary.peer)", role: .header, attributes: [.bold, .underline])]
            + request
        let right = Self.aligned(pacs, to: left)
        var lines: [StyledLine] = []
        for i in 0..<max(left.count, right.count) {
            let l = i < left.count ? left[i] : .empty
            let r = i < right.count ? right[i] : .empty
            lines.append(StyledLine(l.clipped(to: leftWidth, ellipsis: g.ellipsis).spans
                + [.init(text: " \(g.vertical) ", role: .header)] + r.clipped(to: rightWidth, ellipsis: g.ellipsis).spans))
        }
        return lines
    }

    /// Fields both sides have (PS3.8 §9.3.2 and §9.3.3: the AE titles, the maximum length, the implementation, the
    /// asynchronous window, roles, contexts) go on the same row as the request's, so they read across.
    static let sharedFields: Set<String> = ["Calling AE title", "Called AE title", "Max PDU length", "Implementation",
                                            "Version name", "Async ops window", "Role selection", "Contexts",
                                            "Decision"]

    /// `right` with empty lines inserted so that each shared field lands on its row in `left` (never moving a line
    /// up: a field that is already past its row stays where it is).
    static func aligned(_ right: [StyledLine], to left: [StyledLine]) -> [StyledLine] {
        var out: [StyledLine] = []
        for line in right {
            if let label = line.fieldLabel, sharedFields.contains(label),
               let row = left.indices.first(where: { $0 >= out.count && left[$0].fieldLabel == label }) {
                out += Array(repeating: StyledLine.empty, count: row - out.count)
            }
            out.append(line)
        }
        return out
    }

    /// The PACS's side of a tapped association (PS3.8 §9.3.3, §9.3.4): where the proposal went and under which
    /// AE titles, its answer and how long it took, the transport, and the A-ASSOCIATE-AC's own fields.
    func upstreamLines(_ summary: AssociationSummary) -> [StyledLine] {
        guard let forward = summary.forward else { return [] }
        let naming = state.naming
        var lines = [StyledLine("\(g.tap) PACS \(forward.address)", role: .header, attributes: [.bold, .underline])]
        if let tls = forward.tls {
            lines.append(.field("TLS", "\(tls.protocol) \(tls.cipherSuite)", role: .accent))
            let subject = tls.peerCertificateSubject ?? "no certificate"
            lines.append(.field("PACS certificate", subject + (tls.peerCertificateVerified ? " (verified)" : " (not verified)"),
                                role: tls.peerCertificateVerified ? .plain : .warning))
        } else {
            lines.append(.field("Transport", "plain TCP"))
        }
        let role = UpstreamAnswerText.role(forward.answer)
        let took = forward.answerMilliseconds.map { " in \(Format.duration($0))" } ?? ""
        switch forward.answer {
        case .connecting: lines.append(.field("Answer", "waiting for the PACS\(g.ellipsis)", role: role))
        case .accepted: lines.append(.field("Answer", "A-ASSOCIATE-AC\(took)", role: role))
        case .rejected(let result, let source, let reason):
            lines.append(.field("Answer", "A-ASSOCIATE-RJ \(result)/\(source)/\(reason)\(took)", role: role))
        case .unreachable, .timedOut, .aborted:
            lines.append(.field("Answer", UpstreamAnswerText.sentence(forward), role: role))
        }
        lines.append(.field("Calling AE title", "\"\(forward.callingAETitle)\""))
        if let asked = summary.request?.calledAETitle, asked != forward.calledAETitle {
            lines.append(.field("Called AE title", "\"\(forward.calledAETitle)\" (rewritten from \"\(asked)\")",
                                role: .accent))
        } else {
            lines.append(.field("Called AE title", "\"\(forward.calledAETitle)\""))
        }
        switch forward.answer {
        case .accepted(let ac):
            lines.append(.field("Max PDU length", ac.maxPDULength == 0 ? "0 (unlimited)" : String(ac.maxPDULength)))
            if let uid = ac.implementationClassUID {
                lines.append(.field("Implementation", uid + (naming.toolkit(uid).map { "  (\($0))" } ?? "")))
            }
            lines.append(.field("Version name", ac.implementationVersionName ?? "not sent"))
            if let invoked = ac.maxOperationsInvoked, let performed = ac.maxOperationsPerformed {
                lines.append(.field("Async ops window", "invoked \(invoked), performed \(performed)"))
            }
            for (i, selection) in ac.roleSelections.enumerated() {
                lines.append(.field(i == 0 ? "Role selection" : "",
                                    "\(naming.label(selection.sopClassUID)): SCU \(selection.scuRole) SCP \(selection.scpRole)"))
            }
            let accepted = ac.presentationContexts.filter { $0.result == 0 }.count
            lines.append(.field("Contexts", "\(accepted) of \(ac.presentationContexts.count) accepted (see 2 Contexts)",
                                role: role))
        case .rejected(let result, let source, let reason):
            lines.append(.field("Result", RejectReason.resultName(result), role: role))
            lines.append(.field("Source / reason", RejectReason.describe(source: source, reason: reason), role: role))
        default:
            break
        }
        if summary.phase == .waiting, summary.commandSent == nil {
            lines.append(.field("Decision", decisionHint(forward), role: .waiting))
            if case .accepted = forward.answer {
                lines.append(.field("", "rejects reach the requestor only", role: .waiting))
            }
        }
        return lines
    }

    /// What `a` and `r` do with this PACS answer while the request waits.
    private func decisionHint(_ forward: Forward) -> String {
        if case .accepted = forward.answer { return "a relays this AC, r rejects" }
        if let triple = UpstreamAnswerText.suggestedRejection(forward) {
            return "r answers \(triple.result)/\(triple.source)/\(triple.reason) (preselected)"
        }
        return "the PACS has not answered yet"
    }
}

extension StyledLine {
    /// The line cut or padded to exactly `width` columns, its spans' styles kept (for columns side by side).
    func clipped(to width: Int, ellipsis: String) -> StyledLine {
        var out: [Span] = []
        var used = 0
        for span in spans where used < width {
            var text = span.text
            if used + text.count > width { text = Format.fit(text, width - used, ellipsis: ellipsis) }
            out.append(Span(text: text, role: span.role, attributes: span.attributes))
            used += text.count
        }
        if used < width { out.append(Span(text: String(repeating: " ", count: width - used))) }
        return StyledLine(out, highlighted: highlighted)
    }
}

extension StyledLine {
    /// The label of a `field` line ("Max PDU length"), `nil` for other lines.
    var fieldLabel: String? {
        guard spans.count >= 2, let first = spans.first, first.role == .header else { return nil }
        let label = first.text.trimmingCharacters(in: .whitespaces)
        return label.isEmpty ? nil : label
    }
}
