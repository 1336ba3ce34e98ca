import AssociationEngine
import AssociationEvents

/// Each event's payload when it is of that case, nil otherwise: `harness.waitFor { $0.accepted != nil }`.
extension EngineEvent {
    public var requested: AssociationRequested? { if case .associationRequested(let e) = self { e } else { nil } }
    public var accepted: AssociationAccepted? { if case .associationAccepted(let e) = self { e } else { nil } }
    public var rejected: AssociationRejected? { if case .associationRejected(let e) = self { e } else { nil } }
    public var aborted: Aborted? { if case .aborted(let e) = self { e } else { nil } }
    public var isClosed: Bool { if case .connectionClosed = self { true } else { false } }
    public var errorMessage: String? { if case .error(let e) = self { e.message } else { nil } }
    public var dimseMessage: DIMSEMessage? { if case .dimse(let e) = self { e } else { nil } }
    public var stored: Stored? { if case .stored(let e) = self { e } else { nil } }
}
