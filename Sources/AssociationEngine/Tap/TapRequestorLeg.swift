import AssociationEvents
import DICOMUpperLayer

/// The requestor leg of a tapped association as its `TapRelay` sees it: the acceptor's `AssociationLeg`, with what
/// the relay needs besides — carrying out a decision it took, the `forward` object of the held request, and reads
/// of the upstream leg treated as reads of this one (one flush per read).
protocol TapRequestorLeg: AssociationLeg {
    /// Carries out a decision the relay took for the held request (a pending accept, a rejection).
    func execute(_ step: DecisionStep, detail: String?)
    /// The `forward` object changed while the request is held in Sta3.
    func forwardChanged(_ forward: Forward)
    /// A read of the requestor leg is under way: writes and events wait for `flushRelayed()`. A read of the upstream
    /// leg sets it too, so that it is flushed once.
    var inRead: Bool { get set }
    /// Flushes what was written to the requestor and publishes the events, unless a read of that leg is under way.
    func flushRelayed()
    /// The last copy of a relayed data set is complete: `connection-closed` may follow if the connection is gone.
    func copiesFinished()
}
