import AssociationEvents
import Foundation

extension Painter {
    /// Request tab: every A-ASSOCIATE-RQ field (PS3.8 §9.3.2, PS3.7 Annex D.3.3), the decision, and the codec's
    /// conformance findings. Never a passcode: only its length.
    func requestLines(_ summary: AssociationSummary) -> [StyledLine] {
        let naming = state.naming
        var lines: [StyledLine] = []
        let local = summary.local.isEmpty ? "" : " \(g.arrow) \(summary.local)"
        lines.append(.field("Peer", summary.peer + local))
        if let tls = summary.tls {
            lines.append(.field("TLS", "\(tls.protocol) \(tls.cipherSuite)", role: .accent))
            let subject = tls.peerCertificateSubject ?? "no client certificate"
            lines.append(.field("Peer certificate", subject + (tls.peerCertificateVerified ? " (verified)" : " (not verified)"),
                                role: tls.peerCertificateVerified ? .plain : .warning))
        }
        lines.append(.field("Connected", "\(clock(summary.opened))   engine state \(summary.engineState)"))
        guard let r = summary.request else {
            if case .failed(let reason) = summary.phase {
                lines.append(.field("Failed", reason, role: .aborted))
            } else if summary.phase == .connecting {
                lines.append(.field("Request", "none yet (Sta2: waiting for A-ASSOCIATE-RQ)", role: .connecting))
            } else {
                lines.append(.field("Request", "none: the connection closed before an A-ASSOCIATE-RQ",
                                    role: .finished))
            }
            return lines
        }
        lines.append(.field("Calling AE title", "\"\(r.callingAETitle)\""))
        // In tap mode the called AE title is the PACS's, passed on upstream: not ours is expected, not a finding.
        if r.calledAETitleMismatch, !summary.isTapped {
            lines.append(StyledLine([
                .init(text: Format.fit("Called AE title", 21, ellipsis: "~"), role: .header),
                .init(text: "\"\(r.calledAETitle)\" "),
                .init(text: "\(g.notEqual) ours (\"\(state.aeTitle)\")", role: .warning, attributes: [.bold]),
            ]))
        } else {
            lines.append(.field("Called AE title", "\"\(r.calledAETitle)\""))
        }
        let appContext = r.applicationContextName
        let appName = naming.name(appContext).map { "\($0) (\(appContext))" } ?? appContext
        lines.append(.field("Application context", appName,
                            role: appContext == "1.2.840.10008.3.1.1.1" ? .plain : .warning))
        lines.append(.field("Protocol version", String(r.protocolVersion),
                            role: r.protocolVersion & 1 == 1 ? .plain : .warning))
        lines.append(.field("Max PDU length", r.maxPDULength == 0 ? "0 (unlimited)" : String(r.maxPDULength)))
        if let uid = r.implementationClassUID {
            let toolkit = r.implementation ?? naming.toolkit(uid)
            lines.append(.field("Implementation", uid + (toolkit.map { "  (\($0))" } ?? "")))
        } else {
            lines.append(.field("Implementation", "missing (mandatory, PS3.7 D.3.3.2)", role: .warning))
        }
        lines.append(.field("Version name", r.implementationVersionName ?? "not sent"))
        if let invoked = r.maxOperationsInvoked, let performed = r.maxOperationsPerformed {
            lines.append(.field("Async ops window", "invoked \(invoked), performed \(performed)  (0 = unlimited)"))
        } else {
            lines.append(.field("Async ops window", "not proposed (synchronous, 1/1)"))
        }
        if r.roleSelections.isEmpty {
            lines.append(.field("Role selection", "none (requestor SCU, acceptor SCP)"))
        }
        for (i, role) in r.roleSelections.enumerated() {
            lines.append(.field(i == 0 ? "Role selection" : "",
                                "\(naming.label(role.sopClassUID)): SCU \(role.scuRole) SCP \(role.scpRole)"))
        }
        for (i, ext) in r.extendedNegotiations.enumerated() {
            var text = naming.label(ext.sopClassUID)
            if let info = ext.applicationInformation { text += "  info \(info)" }
            if let service = ext.serviceClassUID { text += "  service \(naming.label(service))" }
            if !ext.relatedGeneralSOPClassUIDs.isEmpty {
                text += "  related " + ext.relatedGeneralSOPClassUIDs.map(naming.label).joined(separator: ", ")
            }
            lines.append(.field(i == 0 ? "Ext. negotiation" : "", text))
        }
        if let user = r.userIdentity {
            var text = Format.userIdentityType(user.type)
            if user.type <= 2 { text += ": \"\(user.primaryField)\"" } else { text += ": \(user.primaryField)" }
            if user.secondaryFieldLength > 0 { text += ", passcode of \(user.secondaryFieldLength) bytes (not shown)" }
            if user.positiveResponseRequested { text += ", response requested" }
            lines.append(.field("User identity", text))
        } else {
            lines.append(.field("User identity", "none"))
        }
        lines.append(.field("Contexts", "\(r.presentationContexts.count) proposed (see 2 Contexts)"))
        lines.append(decisionLine(summary, r))
        lines.append(.empty)
        if r.findings.isEmpty {
            lines.append(.field("Findings", "none: the request conforms", role: .established))
        } else {
            lines.append(StyledLine("Findings (\(r.findings.count))", role: .header, attributes: [.bold]))
            for finding in r.findings { lines.append(findingLine(finding)) }
        }
        return lines
    }

    private func decisionLine(_ summary: AssociationSummary, _ r: AssociationRequested) -> StyledLine {
        switch summary.phase {
        case .waiting:
            if let sent = summary.commandSent { return .field("Decision", "\(sent) sent, waiting for the engine", role: .waiting) }
            guard let deadline = r.deadline else { return .field("Decision", "waiting (no deadline)", role: .waiting) }
            let left = Format.secondsLeft(deadline, now: state.now)
            return .field("Decision", "waiting: \(left)s left (until \(clock(deadline)))",
                          role: left <= 5 ? .error : .waiting)
        case .rejected(let result, let source, let reason, let by):
            return .field("Decision", "rejected \(result)/\(source)/\(reason) \(RejectReason.resultName(result)), "
                          + "\(RejectReason.describe(source: source, reason: reason)) (by \(by.rawValue))",
                          role: .rejected)
        default:
            if let accepted = summary.accepted {
                return .field("Decision", "accepted by \(accepted.decidedBy.rawValue) at \(clock(accepted.time)), "
                              + "max PDU \(accepted.maxPDULength)", role: .established)
            }
            return .field("Decision", summary.phase.word, role: summary.phase.role)
        }
    }
}
