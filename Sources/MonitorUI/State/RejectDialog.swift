import AssociationEvents

/// The open reject dialog: which request, the chosen result and source/reason, and whether to remember.
public struct RejectDialog: Sendable, Equatable {
    public var association: Int
    /// Every request the dialog rejects: the selected one, or all marked ones (the dialog is asked once for all).
    public var targets: [Int]
    public var remember: Bool
    /// 1 rejected-permanent, 2 rejected-transient.
    public var result: Int
    /// Index into `RejectReason.all`.
    public var selected: Int
    /// Once the person toggles the result, moving between reasons no longer changes it.
    public var resultChosen = false

    public init(association: Int, remember: Bool, result: Int, selected: Int) {
        self.association = association; self.remember = remember; self.result = result; self.selected = selected
        targets = [association]
    }

    /// The preselected triple for a request: in tap mode, the PACS's own when it rejected (so the requestor hears
    /// what the PACS said), 2/3/1 when the PACS could not answer; else called AE title mismatch (not when tapped) ⇒ 1/1/7; foreign application context ⇒ 1/1/2; protocol
    /// version without bit 0 ⇒ 1/2/2 (PS3.8 §9.3.2); otherwise 1/1/1.
    public static func defaults(for association: Int, request: AssociationRequested?, forward: Forward? = nil,
                                remember: Bool) -> RejectDialog {
        if let pacs = UpstreamAnswerText.suggestedRejection(forward),
           let index = RejectReason.all.firstIndex(where: { $0.source == pacs.source && $0.reason == pacs.reason }) {
            var dialog = RejectDialog(association: association, remember: remember, result: pacs.result,
                                      selected: index)
            dialog.resultChosen = true
            return dialog
        }
        var pair = (1, 1)
        if let request {
            // A tapped request's called AE title is the PACS's, not ours: no reason to reject it here.
            if request.calledAETitleMismatch, forward == nil { pair = (1, 7) }
            else if request.applicationContextName != "1.2.840.10008.3.1.1.1" { pair = (1, 2) }
            else if request.protocolVersion & 1 == 0 { pair = (2, 2) }
        }
        let index = RejectReason.all.firstIndex(where: { $0.source == pair.0 && $0.reason == pair.1 }) ?? 0
        return RejectDialog(association: association, remember: remember, result: RejectReason.all[index].usualResult,
                            selected: index)
    }

    public var reason: RejectReason { RejectReason.all[max(0, min(selected, RejectReason.all.count - 1))] }
}
