/// The states of the DICOM Upper Layer protocol machine (PS3.8 §9.2.1, Table 9-10 columns).
///
/// An acceptor meets Sta1–Sta3, Sta6–Sta8, Sta10, Sta12 and Sta13; a requestor Sta1, Sta4–Sta7, Sta9, Sta11 and
/// Sta13 (Sta8 too when the acceptor asks to release).
public enum AssociationState: Int, Sendable, CaseIterable, CustomStringConvertible {
    /// Idle.
    case sta1 = 1
    /// Transport connection open, awaiting A-ASSOCIATE-RQ PDU.
    case sta2
    /// Awaiting local A-ASSOCIATE response primitive: the operator decision window.
    case sta3
    /// Awaiting transport connection opening to complete (requestor).
    case sta4
    /// Awaiting A-ASSOCIATE-AC or A-ASSOCIATE-RJ PDU (requestor).
    case sta5
    /// Association established, ready for data transfer.
    case sta6
    /// Awaiting A-RELEASE-RP PDU.
    case sta7
    /// Awaiting local A-RELEASE response primitive.
    case sta8
    /// Release collision requestor side: awaiting A-RELEASE response primitive.
    case sta9
    /// Release collision acceptor side: awaiting A-RELEASE-RP PDU.
    case sta10
    /// Release collision requestor side: awaiting A-RELEASE-RP PDU.
    case sta11
    /// Release collision acceptor side: awaiting A-RELEASE response primitive.
    case sta12
    /// Awaiting transport connection close indication (association no longer exists).
    case sta13

    /// "Sta6", as PS3.8 and the event JSON write it.
    public var description: String { "Sta\(rawValue)" }
}
