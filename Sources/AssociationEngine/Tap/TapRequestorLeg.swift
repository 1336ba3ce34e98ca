import AssociationEvents
import DICOMUpperLayer

/// The requestor leg of a tapped association as its `TapRelay` sees it: the acceptor's `AssociationHandler`, on
/// the same event loop. The relay sends to the requestor only through that leg's PS3.8 §9.2 state machine (Evt9
/// P-DATA, Evt14 A-RELEASE-RP, Evt15 A-ABORT…), publishes the association's events through it, and stops or
/// resumes its reading for back-pressure.
protocol TapRequestorLeg: AnyObject {
    /// The association the events are about.
    var association: Int { get }
    /// The state of the requestor leg's machine.
    var legState: AssociationState { get }
    /// Whether the requestor leg's channel can take more now.
    var isWritable: Bool { get }
    /// Feeds an event to the requestor leg's machine and executes its effects; false for an empty cell.
    @discardableResult func fire(_ event: AssociationEvent) -> Bool
    /// Publishes an event about this association, in order.
    func publish(_ event: EngineEvent)
    /// Carries out a decision the relay took for the held request (a pending accept, a rejection).
    func execute(_ step: DecisionStep, detail: String?)
    /// The `forward` object changed while the request is held in Sta3.
    func forwardChanged(_ forward: Forward)
    /// Runs `body` as a read of the requestor leg: writes and events wait for `flushRelayed()`.
    func asRead(_ body: () -> Void)
    /// Flushes what was written to the requestor and publishes the events, unless a read of that leg is under way.
    func flushRelayed()
    /// Stops or resumes reading the requestor leg.
    func setReading(_ reading: Bool)
    /// Evt19 on the requestor leg: the rest of its input is ignored and it is aborted (AA-8) with this reason.
    func abortInvalid(reason: UInt8, detail: String)
    /// The last copy of a relayed data set is complete: `connection-closed` may follow if the connection is gone.
    func copiesFinished()
}
