import AssociationEvents
/// Where an association is, as a person watching cares about it (derived from the PS3.8 §9.2 state the
/// engine reports with each event).
public enum Phase: Sendable, Hashable {
    /// Sta2: transport open, no A-ASSOCIATE-RQ yet.
    case connecting
    /// Sta3: the request waits for a decision (the operator's window).
    case waiting
    /// Sta6: data transfer.
    case established
    /// Sta7–Sta12: release in progress.
    case releasing
    case released(by: ReleasedBy)
    /// A-ASSOCIATE-RJ with its PS3.8 Table 9-21 triple, and who decided.
    case rejected(result: Int, source: Int, reason: Int, by: DecidedBy)
    /// A-ABORT (PS3.8 Table 9-26) or A-P-ABORT.
    case aborted(by: AbortedBy, source: Int, reason: Int)
    /// Below DICOM: TLS handshake, ARTIM expiry in Sta2, ...
    case failed(reason: String)
    /// The transport closed with nothing else to say (e.g. a port scanner in Sta2).
    case closed

    public var isFinished: Bool {
        switch self {
        case .connecting, .waiting, .established, .releasing: false
        default: true
        }
    }

    public var isLive: Bool { self == .established || self == .releasing }

    /// The word the filter matches and the list shows.
    public var word: String {
        switch self {
        case .connecting: "connecting"
        case .waiting: "waiting"
        case .established: "established"
        case .releasing: "releasing"
        case .released: "released"
        case .rejected: "rejected"
        case .aborted: "aborted"
        case .failed: "failed"
        case .closed: "closed"
        }
    }

    public var role: ColorRole {
        switch self {
        case .connecting: .connecting
        case .waiting: .waiting
        case .established, .releasing: .established
        case .released, .closed: .finished
        case .rejected: .rejected
        case .aborted, .failed: .aborted
        }
    }
}
