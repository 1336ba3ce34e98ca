import AssociationEvents
import DICOMUpperLayer
import Foundation
import NIOCore

/// The upstream side of one tapped association, kept by its `TapRelay` (both legs on one event loop): the channel
/// and requestor handler of the upstream leg, what the upstream answered, and what relaying needs once both legs
/// are established.
final class TapLeg {
    let target: ForwardTarget
    /// The A-ASSOCIATE-RQ sent upstream: the requestor's, with our own Maximum Length and the called AE title
    /// rewritten when the target says so.
    let upstreamRQ: AAssociateRQ
    /// The `forward` object of the events.
    var forward: Forward
    let openedAt: NIODeadline

    var channel: (any Channel)?
    var handler: RequestorChannelHandler?
    var acseTimer: Scheduled<Void>?
    /// The upstream's A-ASSOCIATE-AC, once it came.
    var upstreamAC: AAssociateAC?

    /// A decision taken before the upstream answered (policy, rule, or a person quick on the key): carried out
    /// when the answer arrives.
    var pendingAccept: (edits: [ContextDecision]?, decidedBy: DecidedBy)?

    /// After acceptance: PDVs re-fragmented to each receiving leg's Maximum Length (PS3.8 D.1).
    var toUpstream = PDVRefragmenter(peerMaximumLength: 0)
    var toRequestor = PDVRefragmenter(peerMaximumLength: 0)
    /// Presentation contexts accepted on the requestor leg (the upstream's, less those the person rejected).
    var acceptedContextIDs: Set<UInt8> = []
    var fromRequestor = RelayedMessageWatcher()
    var fromUpstream = RelayedMessageWatcher()
    /// When each request relayed upstream had passed, by Message ID, for the upstream's response time.
    var requestsRelayed: [UInt16: NIODeadline] = [:]
    /// The requestor leg stopped reading because the upstream cannot take more, and the reverse.
    var requestorReadingPaused = false
    var upstreamReadingPaused = false
    /// The upstream leg is over (closed, aborted, released): nothing more is sent on it.
    var upstreamEnded = false
    /// `--tap-store`: the Part-10 copy of the C-STORE data set streaming from each leg, if any.
    var copyFromRequestor: StoreSession?
    var copyFromUpstream: StoreSession?
    /// Copies whose last fragment passed and whose file is being completed.
    var copiesFinishing = 0

    init(target: ForwardTarget, upstreamRQ: AAssociateRQ, forward: Forward, openedAt: NIODeadline) {
        self.target = target
        self.upstreamRQ = upstreamRQ
        self.forward = forward
        self.openedAt = openedAt
    }

    /// The requestor's A-ASSOCIATE-RQ as sent upstream (PS3.8 §9.3.2): the same presentation contexts (IDs,
    /// abstract and transfer syntaxes), role selections, asynchronous operations window, extended negotiation and
    /// user identity, unknown sub-items too; only the Maximum Length is ours (we receive that leg, PS3.8 D.1) and
    /// the called AE title is the target's when it rewrites it.
    static func upstreamRequest(for rq: AAssociateRQ, target: ForwardTarget, ourMaximumLength: UInt32) -> AAssociateRQ {
        var upstream = rq
        if let called = target.calledAETitle { upstream.calledAETitle = called }
        upstream.userInformation.maximumLength = ourMaximumLength
        return upstream
    }

    /// What the events show of an A-ASSOCIATE-AC.
    static func accepted(_ ac: AAssociateAC) -> UpstreamAccepted {
        UpstreamAccepted(
            presentationContexts: ac.presentationContexts.map {
                ContextDecision(id: Int($0.id), result: Int($0.result.rawValue),
                                transferSyntax: $0.result.isAccepted ? $0.transferSyntax : nil)
            },
            roleSelections: ac.userInformation.roleSelections.map {
                RoleSelection(sopClassUID: $0.sopClassUID, scuRole: Int($0.scuRole), scpRole: Int($0.scpRole))
            },
            maxPDULength: Int(ac.userInformation.maximumLength ?? 0),
            implementationClassUID: ac.userInformation.implementationClassUID,
            implementationVersionName: ac.userInformation.implementationVersionName,
            maxOperationsInvoked: ac.userInformation.asynchronousOperationsWindow.map { Int($0.maximumNumberOperationsInvoked) },
            maxOperationsPerformed: ac.userInformation.asynchronousOperationsWindow.map { Int($0.maximumNumberOperationsPerformed) })
    }

    /// The A-ASSOCIATE-AC for the requestor: the upstream's answer relayed (results, transfer syntaxes, role
    /// selections, asynchronous window, extended negotiation, user identity response, implementation), with the
    /// requestor's own AE title fields echoed (PS3.8 Table 9-17), our Maximum Length, and each context the person
    /// rejected answered 1 (user-rejection).
    ///
    /// PS3.8 has no way to withdraw a context the upstream accepted on an established association; such a context
    /// stays accepted upstream but unused, since the requestor — told it is rejected — may not send on it, and a
    /// PDV on it from the requestor aborts both legs (PS3.8 §9.3.5, Evt19).
    static func requestorAnswer(upstream ac: AAssociateAC, rq: AAssociateRQ, rejecting rejected: Set<UInt8>,
                                ourMaximumLength: UInt32) -> AAssociateAC {
        var answer = ac
        answer.calledAETitleField = rq.calledAETitleField
        answer.callingAETitleField = rq.callingAETitleField
        answer.reservedField = rq.reservedField
        answer.userInformation.maximumLength = ourMaximumLength
        answer.presentationContexts = ac.presentationContexts.map { item in
            guard rejected.contains(item.id), item.result.isAccepted else { return item }
            return PresentationContextACItem(id: item.id, result: .userRejection, transferSyntax: item.transferSyntax)
        }
        return answer
    }

    /// Checks a person's edits against the upstream's answer: a context may only be rejected (any result but 0),
    /// or accepted with the transfer syntax the upstream chose. Returns the contexts to reject, or why not.
    static func rejections(from edits: [ContextDecision], upstream ac: AAssociateAC) -> Result<Set<UInt8>, TapEditError> {
        var rejected: Set<UInt8> = []
        for edit in edits {
            guard let item = ac.presentationContexts.first(where: { Int($0.id) == edit.id }) else {
                return .failure(TapEditError(message: "presentation context \(edit.id) was not proposed"))
            }
            if edit.result != 0 {
                rejected.insert(item.id)
                continue
            }
            guard item.result.isAccepted else {
                return .failure(TapEditError(message: "the upstream rejected presentation context \(edit.id) "
                    + "(result \(item.result.rawValue)); it cannot be accepted through the tap"))
            }
            if let ts = edit.transferSyntax, ts != item.transferSyntax {
                return .failure(TapEditError(message: "the upstream accepted presentation context \(edit.id) with "
                    + "\(item.transferSyntax ?? "?"); the tap cannot change it to \(ts)"))
            }
        }
        return .success(rejected)
    }
}

/// Why a person's accept with edits does not fit the upstream's answer.
struct TapEditError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
