/// The states of the DICOM Upper Layer protocol machine (PS3.8 §9.2.1, Table 9-10 columns).
///
/// An acceptor meets Sta1–Sta3, Sta6–Sta8, Sta10, Sta12 and Sta13; a requestor Sta1, Sta4–Sta7, Sta9, Sta11 and
/// Sta13 (Sta8 too when the acceptor asks to release).
///
/// Every event about an association carries the state it is in after the event; the JSON writes it as the
/// standard's name (`"Sta6"`).
public enum AssociationState: Int, Sendable, CaseIterable, CustomStringConvertible, Decodable {
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

    /// "Sta6", as PS3.8 and the event JSON write it (literals: the writer asks for one per event).
    public var description: String {
        switch self {
        case .sta1: "Sta1"
        case .sta2: "Sta2"
        case .sta3: "Sta3"
        case .sta4: "Sta4"
        case .sta5: "Sta5"
        case .sta6: "Sta6"
        case .sta7: "Sta7"
        case .sta8: "Sta8"
        case .sta9: "Sta9"
        case .sta10: "Sta10"
        case .sta11: "Sta11"
        case .sta12: "Sta12"
        case .sta13: "Sta13"
        }
    }

    /// The state named `"Sta1"`…`"Sta13"`, or `nil`.
    public init?(name: String) {
        guard name.hasPrefix("Sta"), let number = Int(name.dropFirst(3)), let state = Self(rawValue: number),
              state.description == name else { return nil }
        self = state
    }

    /// Reads the JSON form, `"Sta6"`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let name = try container.decode(String.self)
        guard let state = Self(name: name) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a PS3.8 state: \(name)")
        }
        self = state
    }
}
