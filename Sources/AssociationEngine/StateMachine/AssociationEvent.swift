import AssociationEvents
import DICOMUpperLayer
import NIOCore

/// The events of the DICOM Upper Layer protocol machine (PS3.8 §9.2.2, Table 9-10 rows Evt1–Evt19), each with what
/// it carries: the received PDU, or the parameters of the local primitive.
public enum AssociationEvent: Sendable, Equatable, CustomStringConvertible {
    /// Evt1: A-ASSOCIATE request primitive (requestor): propose this association.
    case associateRequest(AAssociateRQ)
    /// Evt2: transport connection confirmation (the TCP connection to the acceptor opened).
    case transportConnectConfirm
    /// Evt3: A-ASSOCIATE-AC PDU received.
    case associateACReceived(AAssociateAC)
    /// Evt4: A-ASSOCIATE-RJ PDU received.
    case associateRJReceived(AAssociateRJ)
    /// Evt5: transport connection indication (a TCP connection was accepted).
    case transportConnectionIndication
    /// Evt6: A-ASSOCIATE-RQ PDU received.
    case associateRQReceived(AAssociateRQ)
    /// Evt7: A-ASSOCIATE response primitive (accept) with the answer to send.
    case associateAcceptResponse(AAssociateAC)
    /// Evt8: A-ASSOCIATE response primitive (reject) with the answer to send.
    case associateRejectResponse(AAssociateRJ)
    /// Evt9: P-DATA request primitive: these P-DATA-TF PDUs, fragmented within the peer's Maximum Length.
    case pDataRequest(ByteBuffer)
    /// Evt10: P-DATA-TF PDU received.
    case pDataTFReceived(PDataTF)
    /// Evt11: A-RELEASE request primitive.
    case releaseRequest
    /// Evt12: A-RELEASE-RQ PDU received.
    case releaseRQReceived
    /// Evt13: A-RELEASE-RP PDU received.
    case releaseRPReceived
    /// Evt14: A-RELEASE response primitive.
    case releaseResponse
    /// Evt15: A-ABORT request primitive; `origin` names who asked (the operator or a requestor's user, a graceful
    /// stop, a timeout), kept by the machine for the abort's report.
    case abortRequest(origin: AbortedBy)
    /// Evt16: A-ABORT PDU received.
    case abortReceived(AAbort)
    /// Evt17: transport connection closed indication.
    case transportClosed
    /// Evt18: ARTIM timer expired.
    case artimExpired
    /// Evt19: unrecognized or invalid PDU received; `reason` is the A-ABORT diagnostic to send (PS3.8 Table 9-26:
    /// 1 unrecognized PDU, 4 unrecognized parameter, 5 unexpected parameter, 6 invalid parameter value) and
    /// `detail` says what was wrong, for the abort's report.
    case invalidPDU(reason: UInt8, detail: String? = nil)

    /// The event a received PDU is (Evt3, 4, 6, 10, 12, 13 or 16).
    public init(received pdu: PDU) {
        switch pdu {
        case .associateRQ(let rq): self = .associateRQReceived(rq)
        case .associateAC(let ac): self = .associateACReceived(ac)
        case .associateRJ(let rj): self = .associateRJReceived(rj)
        case .dataTF(let pData): self = .pDataTFReceived(pData)
        case .releaseRQ: self = .releaseRQReceived
        case .releaseRP: self = .releaseRPReceived
        case .abort(let abort): self = .abortReceived(abort)
        }
    }

    /// The PS3.8 event number (1–19).
    public var number: Int {
        switch self {
        case .associateRequest: 1
        case .transportConnectConfirm: 2
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
        switch number {
        case 3, 4, 6, 10, 12, 13, 16, 19: true
        default: false
        }
    }
}
