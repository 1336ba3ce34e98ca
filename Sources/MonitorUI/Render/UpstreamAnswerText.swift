import AssociationEvents

/// Words for what the upstream SCP of a tapped association (the PACS) answered to the proposal assocmon relayed:
/// an A-ASSOCIATE-AC (PS3.8 §9.3.3), an A-ASSOCIATE-RJ with its PS3.8 Table 9-21 triple, an A-ABORT
/// (Table 9-26), or no answer at all. One place, so the list, the tabs and the Activity notes say the same.
enum UpstreamAnswerText {
    /// At most 10 columns, for the list's state column: `PACS…`, `AC 3/4`, `RJ 1/1/7`, `unreach`, `timeout`,
    /// `aborted`.
    static func short(_ answer: UpstreamAnswer) -> String {
        switch answer {
        case .connecting: "PACS…"
        case .accepted(let ac):
            "AC \(ac.presentationContexts.filter { $0.result == 0 }.count)/\(ac.presentationContexts.count)"
        case .rejected(let result, let source, let reason): "RJ \(result)/\(source)/\(reason)"
        case .unreachable: "unreach"
        case .timedOut: "timeout"
        case .aborted: "aborted"
        }
    }

    /// The answer in one sentence, with how long the PACS took: "A-ASSOCIATE-AC, 3 of 4 contexts accepted
    /// (12 ms)".
    static func sentence(_ forward: Forward) -> String {
        let took = forward.answerMilliseconds.map { " (\(Format.duration($0)))" } ?? ""
        switch forward.answer {
        case .connecting:
            return "no answer yet (A-ASSOCIATE-RQ sent, waiting for the PACS)"
        case .accepted(let ac):
            let accepted = ac.presentationContexts.filter { $0.result == 0 }.count
            return "A-ASSOCIATE-AC, \(accepted) of \(ac.presentationContexts.count) contexts accepted\(took)"
        case .rejected(let result, let source, let reason):
            return "A-ASSOCIATE-RJ \(result)/\(source)/\(reason) \(RejectReason.resultName(result)), "
                + "\(RejectReason.describe(source: source, reason: reason))\(took)"
        case .unreachable(let detail):
            return "unreachable: \(detail)\(took)"
        case .timedOut:
            return "no answer in time (--forward-timeout)\(took)"
        case .aborted(let source, let reason):
            return "A-ABORT \(Format.abort(source: source, reason: reason)) instead of an answer\(took)"
        }
    }

    /// Green when the PACS accepted every context, a warning when it accepted only some, red when it rejected,
    /// the abort colour when it could not answer, the connecting colour while it is asked.
    static func role(_ answer: UpstreamAnswer) -> ColorRole {
        switch answer {
        case .connecting: .connecting
        case .accepted(let ac):
            ac.presentationContexts.allSatisfy { $0.result == 0 } ? .established : .warning
        case .rejected: .rejected
        case .unreachable, .timedOut, .aborted: .aborted
        }
    }

    /// The PACS's answer for one presentation context, when it accepted the association (PS3.8 §9.3.3.2).
    static func context(_ id: Int, in forward: Forward?) -> ContextDecision? {
        guard case .accepted(let ac)? = forward?.answer else { return nil }
        return ac.presentationContexts.first { $0.id == id }
    }

    /// The triple to preselect in the reject dialog, and why: the PACS's own when it rejected; 2/3/1
    /// (rejected-transient, temporary congestion) when it could not be reached, timed out or aborted, as the
    /// engine answers such a request by default; none while it is asked or when it accepted.
    static func suggestedRejection(_ forward: Forward?) -> (result: Int, source: Int, reason: Int, why: String)? {
        switch forward?.answer {
        case .rejected(let result, let source, let reason)?:
            (result, source, reason, "the PACS rejected \(result)/\(source)/\(reason)")
        case .unreachable?: (2, 3, 1, "the PACS is unreachable")
        case .timedOut?: (2, 3, 1, "the PACS did not answer")
        case .aborted?: (2, 3, 1, "the PACS aborted")
        default: nil
        }
    }
}
