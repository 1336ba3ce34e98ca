/// The named actions of PS3.8 §9.2.2 Tables 9-6 to 9-9 (AE-, DT-, AR-, AA-) that a transition performs.
/// Names only: what each one *does* is spelled out as `AssociationEffect`s by the state machine.
public enum AssociationAction: String, Sendable, CaseIterable, CustomStringConvertible {
    case ae5 = "AE-5", ae6 = "AE-6", ae7 = "AE-7", ae8 = "AE-8"
    case dt1 = "DT-1", dt2 = "DT-2"
    case ar1 = "AR-1", ar2 = "AR-2", ar3 = "AR-3", ar4 = "AR-4", ar5 = "AR-5"
    case ar6 = "AR-6", ar7 = "AR-7", ar8 = "AR-8", ar9 = "AR-9", ar10 = "AR-10"
    case aa1 = "AA-1", aa2 = "AA-2", aa3 = "AA-3", aa4 = "AA-4", aa5 = "AA-5", aa6 = "AA-6", aa7 = "AA-7"
    case aa8 = "AA-8"

    public var description: String { rawValue }
}

/// One thing the connection handler must do as part of an action. The state machine never performs I/O or
/// reads a clock; the handler executes these in order (the hummingbird `HTTPConnectionStateHandler` shape).
public enum AssociationEffect: Sendable, Equatable {
    case startARTIM
    case stopARTIM
    /// Hand the A-ASSOCIATE-RQ up for a decision (A-ASSOCIATE indication).
    case indicateAssociateRequest
    case sendAssociateAC
    case sendAssociateRJ
    /// Send the pending P-DATA-TF PDU(s).
    case sendPDataTF
    /// Hand a received P-DATA-TF up (P-DATA indication).
    case indicatePData
    case sendReleaseRQ
    /// A-RELEASE indication (the peer asked to release).
    case indicateReleaseRequest
    /// A-RELEASE confirmation (the peer answered our release).
    case confirmRelease
    case sendReleaseRP
    /// Send an A-ABORT PDU with this source and reason/diagnostic (PS3.8 Table 9-26).
    case sendAbort(source: UInt8, reason: UInt8)
    /// A-ABORT indication (the peer aborted).
    case indicateAbort
    /// A-P-ABORT indication (the provider aborted: protocol error or transport loss).
    case indicateProviderAbort
    case closeTransport
    /// AA-6: the PDU is ignored.
    case ignorePDU
}
