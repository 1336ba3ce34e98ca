import AssociationEvents
import Foundation

extension Painter {
    /// A response from the PACS slower than this (milliseconds) is highlighted in the Activity tab.
    static let slowAnswerMilliseconds = 1000.0

    /// The direction column of a relayed message (tap mode): `→PACS` for what the requestor sent and assocmon
    /// relayed upstream, `←PACS` for what the PACS sent back (the `dimse` event's `leg`).
    func legArrow(_ leg: DIMSELeg) -> String {
        switch leg {
        case .requestor: "\(g.sent)PACS "
        case .upstream: "\(g.received)PACS "
        }
    }

    /// The PACS's response time (from relaying the request upstream to the response's command arriving, PS3.7
    /// §9.1), in the accent colour, or as an error with the word `slow` past one second.
    func responseTimeSpans(_ milliseconds: Double) -> [StyledLine.Span] {
        let text = "took \(Format.duration(milliseconds))"
        guard milliseconds > Self.slowAnswerMilliseconds else { return [.init(text: text + " ", role: .accent)] }
        return [.init(text: text, role: .error, attributes: [.bold]),
                .init(text: " slow", role: .error, attributes: [.bold, .underline]), .init(text: " ")]
    }

    /// The Activity tab's second line for a tapped association: the PACS's address, how many responses it sent,
    /// their median and longest response time, and how many were slow or failed (PS3.7 Annex C statuses).
    func upstreamTimingLine(_ summary: AssociationSummary) -> StyledLine {
        let address = summary.forward?.address ?? "?"
        var times: [Double] = []
        var responses = 0, failed = 0
        for entry in summary.activity {
            guard case .dimse(let m) = entry.kind, m.leg == .upstream, m.status != nil else { continue }
            responses += 1
            if let ms = m.responseMilliseconds { times.append(ms) }
            if let status = m.status, Self.statusRole(status) == .error { failed += 1 }
        }
        let slow = times.filter { $0 > Self.slowAnswerMilliseconds }.count
        var spans: [StyledLine.Span] = [.init(text: "\(g.tap) PACS \(address): ", role: .header, attributes: [.bold])]
        guard responses > 0 else {
            spans.append(.init(text: "no response relayed yet", role: .finished))
            return StyledLine(spans)
        }
        let sorted = times.sorted()
        var text = "\(responses) response\(responses == 1 ? "" : "s")"
        if let slowest = sorted.last {
            text += ", median \(Format.duration(sorted[sorted.count / 2])), max \(Format.duration(slowest))"
        }
        spans.append(.init(text: text))
        if slow > 0 { spans.append(.init(text: ", \(slow) slow", role: .error, attributes: [.bold])) }
        if failed > 0 { spans.append(.init(text: ", \(failed) failed", role: .error, attributes: [.bold])) }
        return StyledLine(spans)
    }
}
