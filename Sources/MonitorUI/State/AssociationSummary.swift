import AssociationEvents
import Foundation

/// Everything the front keeps about one association: the request and answer as the engine reported them, the
/// operator's pending context edits, counters, and a capped activity list (so thousands of finished
/// associations stay cheap to keep and to scroll).
public struct AssociationSummary: Sendable, Equatable {
    /// At most this many Activity rows are kept per association; older ones are counted in `droppedActivity`.
    public static let activityLimit = 500

    public var id: Int
    public var peer: String
    public var local: String
    public var opened: Date
    @Boxed public var tls: TLSFacts?
    public var phase: Phase
    /// The PS3.8 §9.2 state after the last event ("Sta6").
    public var engineState: AssociationState
    /// The request and the answer as reported, without their `raw` PDUs (kept below, shared between repeats).
    @Boxed public var request: AssociationRequested?
    @Boxed public var accepted: AssociationAccepted?
    /// In tap mode, the upstream leg (the PACS assocmon forwards to) and its latest answer, as the last
    /// `association-requested`, `forward-answered`, `association-accepted` or `association-rejected` carried it.
    @Boxed public var forward: Forward?
    /// The A-ASSOCIATE-RQ as received and the A-ASSOCIATE-AC as sent, for the Raw tab (passcode bytes masked).
    public var rawRequest: [UInt8] = []
    public var rawAccept: [UInt8] = []
    public var abortDetail: String?
    /// Operator's edits of the proposal, by presentation context ID (PS3.8 §9.3.3.2 result + transfer syntax).
    public var edits: [Int: ContextDecision] = [:]
    /// Set once accept/reject/abort was sent, so a second key press does not send it twice.
    public var commandSent: String?
    public var activity: [ActivityEntry] = []
    public var droppedActivity = 0
    public var messages = 0
    public var bytes = 0
    public var storedCount = 0
    /// Bytes per second over the last measured interval, and where that interval started.
    public var rate: Double = 0
    public var rateMarkBytes = 0
    public var rateMarkTime: Date
    public var closedAt: Date?

    public init(id: Int, peer: String, local: String = "", opened: Date, tls: TLSFacts? = nil,
                phase: Phase = .connecting, engineState: AssociationState = .sta2) {
        self.id = id; self.peer = peer; self.local = local; self.opened = opened; self.tls = tls
        self.phase = phase; self.engineState = engineState; rateMarkTime = opened
    }

    public var callingAETitle: String { request?.callingAETitle ?? "" }
    public var calledAETitle: String { request?.calledAETitle ?? "" }
    /// Whether the association goes on to an upstream SCP (tap mode).
    public var isTapped: Bool { forward != nil }

    mutating func modify(_ change: (inout AssociationSummary) -> Void) { change(&self) }

    mutating func append(_ entry: ActivityEntry) {
        activity.append(entry)
        if activity.count > Self.activityLimit {
            let excess = activity.count - Self.activityLimit
            activity.removeFirst(excess)
            droppedActivity += excess
        }
    }

    /// A finished association's activity no longer grows: give back the spare capacity appending left.
    mutating func trimActivityCapacity() {
        if activity.capacity > activity.count { activity = activity.map { $0 } }
    }

    /// The answer an accept without edits sends: the engine's proposal, or in tap mode the PACS's A-ASSOCIATE-AC,
    /// which accepting relays (PS3.8 §9.3.3.2); `nil` while a tapped request has no AC from the PACS to relay.
    public var baselineContexts: [ContextDecision]? {
        guard let forward else { return request?.proposal.presentationContexts }
        guard case .accepted(let ac) = forward.answer else { return nil }
        return ac.presentationContexts
    }

    /// The answer each presentation context would get if accepted now: the operator's edit, else the proposal
    /// (in tap mode the PACS's answer), else (a context nobody answered) user-rejection. Empty while a tapped
    /// request has no AC from the PACS.
    public var effectiveContexts: [ContextDecision] {
        guard let request, let baseline = baselineContexts else { return [] }
        return request.presentationContexts.map { proposed in
            edits[proposed.id]
                ?? baseline.first(where: { $0.id == proposed.id })
                ?? ContextDecision(id: proposed.id, result: 1)
        }
    }

    /// The answer the Contexts tab shows: the pending one while the request waits, the A-ASSOCIATE-AC's once
    /// accepted, none once rejected (PS3.8 §9.3.3.2 results are only sent in an A-ASSOCIATE-AC).
    public var shownContexts: [ContextDecision] {
        switch phase {
        case .waiting: effectiveContexts
        case .rejected: []
        default: accepted?.presentationContexts ?? []
        }
    }

    /// Whether the answer for context `id` is not what the engine proposed (in tap mode: what the PACS answered):
    /// an edit before the decision, or an accepted answer that differs (an edited accept or a headless command's
    /// contexts).
    public func differsFromProposal(_ id: Int, shown: [ContextDecision]) -> Bool {
        guard request != nil, let answer = shown.first(where: { $0.id == id }), let baseline = baselineContexts else {
            return false
        }
        guard let proposed = baseline.first(where: { $0.id == id }) else { return true }
        return answer.result != proposed.result || (answer.result == 0 && answer.transferSyntax != proposed.transferSyntax)
    }

    /// Accepted / proposed contexts: the outcome once answered, the pending answer before.
    public var contextCounts: (accepted: Int, proposed: Int) {
        let proposed = request?.presentationContexts.count ?? 0
        if let accepted { return (accepted.presentationContexts.filter { $0.result == 0 }.count, proposed) }
        return (effectiveContexts.filter { $0.result == 0 }.count, proposed)
    }

    func matches(filter: String) -> Bool {
        if filter.isEmpty { return true }
        let needle = filter.lowercased()
        let upstream = forward.map { [$0.address, "tap"] } ?? []
        for field in [callingAETitle, calledAETitle, peer, phase.word, "#\(id)"] + upstream where field.lowercased().contains(needle) {
            return true
        }
        return false
    }
}
