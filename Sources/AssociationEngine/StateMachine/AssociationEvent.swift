/// The events of the DICOM Upper Layer protocol machine an acceptor can meet (PS3.8 §9.2.2, Table 9-10 rows
/// Evt3–Evt19). Evt1/Evt2 only exist for a requestor and are not modelled.
public enum AssociationEvent: Sendable, Equatable, CustomStringConvertible {
    /// Evt3: A-ASSOCIATE-AC PDU received.
    case associateACReceived
    /// Evt4: A-ASSOCIATE-RJ PDU received.
    case associateRJReceived
    /// Evt5: transport connection indication (a TCP connection was accepted).
    case transportConnectionIndication
    /// Evt6: A-ASSOCIATE-RQ PDU received.
    case associateRQReceived
    /// Evt7: local A-ASSOCIATE response primitive (accept).
    case associateAcceptResponse
    /// Evt8: local A-ASSOCIATE response primitive (reject).
    case associateRejectResponse
    /// Evt9: local P-DATA request primitive (we send a DIMSE message).
    case pDataRequest
    /// Evt10: P-DATA-TF PDU received.
    case pDataTFReceived
    /// Evt11: local A-RELEASE request primitive.
    case releaseRequest
    /// Evt12: A-RELEASE-RQ PDU received.
    case releaseRQReceived
    /// Evt13: A-RELEASE-RP PDU received.
    case releaseRPReceived
    /// Evt14: local A-RELEASE response primitive.
    case releaseResponse
    /// Evt15: local A-ABORT request primitive (the operator's abort).
    case abortRequest
    /// Evt16: A-ABORT PDU received.
    case abortReceived
    /// Evt17: transport connection closed indication.
    case transportClosed
    /// Evt18: ARTIM timer expired.
    case artimExpired
    /// Evt19: unrecognized or invalid PDU received; `reason` is the A-ABORT diagnostic to send (PS3.8 Table 9-26:
    /// 1 unrecognized PDU, 4 unrecognized parameter, 5 unexpected parameter, 6 invalid parameter value).
    case invalidPDU(reason: UInt8)

    /// The PS3.8 event number (3–19).
    public var number: Int {
        switch self {
        case .associateACReceived: 3
        case .associateRJReceived: 4
        case .transportConnectionIndication: 5
        case .associateRQReceived: 6
        case .associateAcceptResponse: 7
        case .associateRejectResponse: 8
        case .pDataRequest: 9
        case .pDataTFReceived: 10
        case .releaseRequest: 11
        case .releaseRQReceived: 12
        case .releaseRPReceived: 13
        case .releaseResponse: 14
        case .abortRequest: 15
        case .abortReceived: 16
        case .transportClosed: 17
        case .artimExpired: 18
        case .invalidPDU: 19
        }
    }

    /// "Evt6".
    public var description: String { "Evt\(number)" }

    /// Events that are the arrival of a PDU (an unexpected one is answered by AA-8 with reason 2).
    var isPDUReceived: Bool {
        switch self {
        case .associateACReceived, .associateRJReceived, .associateRQReceived, .pDataTFReceived,
             .releaseRQReceived, .releaseRPReceived, .abortReceived, .invalidPDU: true
        default: false
        }
    }
}
