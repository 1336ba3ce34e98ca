import AssociationEvents
import Foundation

extension Painter {
    /// Success green, pending (a C-FIND match, not an outcome yet) plain, cancel as a warning, the A000H and
    /// higher failures red, other statuses as warnings (PS3.7 Annex C).
    static func statusRole(_ status: Int) -> ColorRole {
        switch status {
        case 0x0000: .established
        case 0xFF00, 0xFF01: .plain
        case 0xFE00: .warning
        case 0xA000...: .error
        default: .warning
        }
    }

    /// Activity tab: DIMSE messages as they happen (PS3.7 §9 command, message ID, SOP class, instance, status,
    /// bytes, duration) with who and what a C-STORE carried, a query's level and keys and each pending response's
    /// identifier, a storage commitment's or MPPS step's content, and the findings about each received one, stored files,
    /// release and abort — oldest first, newest at the bottom.
    func activityLines(_ summary: AssociationSummary) -> [StyledLine] {
        let naming = state.naming
        var lines: [StyledLine] = [StyledLine(
            "\(summary.messages) messages, \(Format.bytes(summary.bytes)), \(summary.storedCount) stored"
                + (summary.rate > 0 ? ", \(Format.bytes(Int(summary.rate)))/s" : ""),
            role: .header, attributes: [.bold])]
        if summary.isTapped { lines.append(upstreamTimingLine(summary)) }
        if summary.droppedActivity > 0 {
            lines.append(StyledLine("\(g.ellipsis) \(summary.droppedActivity) earlier entries not kept", role: .finished))
        }
        if summary.activity.isEmpty { lines.append(StyledLine("nothing yet", role: .finished)) }
        for entry in summary.activity {
            let time = clock(entry.time) + " "
            switch entry.kind {
            case .dimse(let m):
                let arrow = m.leg.map(legArrow) ?? ((m.direction == .received ? g.received : g.sent) + " ")
                var spans: [StyledLine.Span] = [
                    .init(text: time), .init(text: arrow, role: .accent),
                    .init(text: fit(m.command, 13), attributes: [.bold]),
                    .init(text: fit(m.messageID.map { "#\($0)" } ?? m.messageIDBeingRespondedTo.map { "#\($0)" } ?? "", 6)),
                ]
                if let status = m.status {
                    // A failure from the PACS is what a person troubleshooting a link looks for: make it stand out.
                    let failed = m.leg == .upstream && Self.statusRole(status) == .error
                    spans.append(.init(text: Format.status(status) + " ", role: Self.statusRole(status),
                                       attributes: failed ? [.bold, .underline] : []))
                }
                // The PACS's response time right after its status, so it stays in view on a narrow screen.
                if let ms = m.responseMilliseconds { spans += responseTimeSpans(ms) }
                if let sop = m.affectedSOPClassUID { spans.append(.init(text: naming.label(sop) + " ")) }
                if let instance = m.affectedSOPInstanceUID, m.status == nil {
                    spans.append(.init(text: instance + " ", role: .finished))
                }
                if m.bytes > 0 { spans.append(.init(text: Format.bytes(m.bytes) + " ")) }
                if let ms = m.durationMilliseconds { spans.append(.init(text: Format.duration(ms), role: .accent)) }
                lines.append(StyledLine(spans))
                if let dataSet = m.dataSet,
                   let line = dataSetLine(dataSet, indent: String(repeating: " ", count: time.count + 2)) {
                    lines.append(line)
                }
                lines += contentLines(m, indent: String(repeating: " ", count: time.count + 2))
                // What the reassembler and the data set reader noticed about how this message was sent, under it.
                for finding in m.findings ?? [] {
                    lines.append(findingLine(finding, indent: String(repeating: " ", count: time.count + 2)))
                }
            case .stored(let s):
                lines.append(StyledLine([
                    .init(text: time), .init(text: "  stored ", role: .established),
                    .init(text: Format.bytes(s.bytes) + " "),
                    .init(text: s.path ?? "(not written: --no-store)", role: s.path == nil ? .finished : .plain),
                ]))
            case .releaseRequested:
                lines.append(StyledLine([.init(text: time), .init(text: "A-RELEASE-RQ received", role: .accent)]))
            case .released(let by):
                lines.append(StyledLine([.init(text: time),
                                         .init(text: "A-RELEASE-RP: released (\(by.rawValue))", role: .established)]))
            case .aborted(let a):
                var text = "A-ABORT \(Format.abort(source: a.source, reason: a.reason)) by \(a.by.rawValue)"
                if let detail = a.detail { text += ": \(detail)" }
                lines.append(StyledLine([.init(text: time), .init(text: text, role: .aborted, attributes: [.bold])]))
            case .note(let text):
                lines.append(StyledLine([.init(text: time), .init(text: text, role: .header)]))
            }
        }
        return lines
    }
}
