import DICOMUpperLayer

/// The primitives the Upper Layer issues to its service user (PS3.8 §7): indications on the side that did not ask,
/// confirmations on the side that did.
public enum AssociationIndication: Sendable, Equatable {
    /// AE-6: A-ASSOCIATE indication (acceptor: a request to decide).
    case associateRequest(AAssociateRQ)
    /// AE-3: A-ASSOCIATE confirmation, accepted (requestor).
    case associateAccepted(AAssociateAC)
    /// AE-4: A-ASSOCIATE confirmation, rejected (requestor).
    case associateRejected(AAssociateRJ)
    /// DT-2 / AR-6: P-DATA indication.
    case pData(PDataTF)
    /// AR-2 / AR-8: A-RELEASE indication (the peer asked to release).
    case releaseRequest
    /// AR-3 / AR-10: A-RELEASE confirmation (the peer answered our release).
    case releaseConfirmation
    /// AA-3: A-ABORT indication (the peer sent an A-ABORT; its source says who initiated it, PS3.8 Table 9-26).
    case abort(AAbort)
    /// AA-4 / AA-8: A-P-ABORT indication. `sent` is the A-ABORT we sent the peer (AA-8), `nil` when the transport
    /// connection was lost (AA-4).
    case providerAbort(sent: AAbort?)
}
