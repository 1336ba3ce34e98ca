import AssociationEvents
import DICOMUpperLayer
import NIOCore

/// One association's acceptor leg as the types that work for it see it (its `DIMSEProvider`, its `TapRelay`): the
/// `AssociationHandler`, on the connection's event loop. They send only through its PS3.8 §9.2 state machine
/// (Evt9 P-DATA, Evt14 A-RELEASE-RP, Evt15 A-ABORT, Evt19…), publish the association's events through it, and stop
/// or resume its reading for back-pressure.
protocol AssociationLeg: AnyObject {
    /// The association the events are about.
    var association: Int { get }
    /// The state of the leg's machine.
    var legState: AssociationState { get }
    /// Whether the leg's channel can take more now.
    var isWritable: Bool { get }
    /// Feeds an event to the leg's machine and executes its effects; false for an empty cell.
    @discardableResult func fire(_ event: AssociationEvent) -> Bool
    /// Like `fire(_:)` for a local primitive whose PDU the caller has already encoded (to check it before the
    /// machine moves): a send effect for that PDU writes `encoded` instead of encoding it again.
    @discardableResult func fire(_ event: AssociationEvent, encoded: ByteBuffer) -> Bool
    /// Publishes an event about this association, in order.
    func publish(_ event: EngineEvent)
    /// Stops or resumes reading the leg.
    func setReading(_ reading: Bool)
    /// Evt19: the rest of the leg's input is ignored and it is aborted (AA-8) with this A-ABORT reason.
    func abortInvalid(reason: UInt8, detail: String)
    /// A request's answer was sent, or a data set given up: a release or shutdown waiting for it may go on, and the
    /// engine may forget a closed connection.
    func answerSettled()
}
