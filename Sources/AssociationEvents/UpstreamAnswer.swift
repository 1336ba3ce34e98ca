import Foundation

/// What the upstream SCP of a tapped association answered to the proposal assocmon relayed (PS3.8 §9.3.3,
/// §9.3.4, §9.3.8), or why there is no answer. In the JSON an object whose `"state"` names the case
/// (`connecting`, `accepted`, `rejected`, `unreachable`, `timed-out`, `aborted`) with that case's fields beside it.
public enum UpstreamAnswer: Sendable, Equatable {
    /// The upstream connection is being opened or the A-ASSOCIATE-RQ awaits its answer (requestor Sta4/Sta5).
    case connecting
    /// An A-ASSOCIATE-AC arrived (Evt3).
    case accepted(UpstreamAccepted)
    /// An A-ASSOCIATE-RJ arrived (Evt4) with its PS3.8 Table 9-21 triple.
    case rejected(result: Int, source: Int, reason: Int)
    /// The TCP (or TLS) connection could not be made; `detail` says why ("connection refused").
    case unreachable(detail: String)
    /// No answer within `--forward-timeout` (the requestor-side ACSE timeout).
    case timedOut
    /// The upstream sent an A-ABORT (or closed the connection) instead of answering.
    case aborted(source: Int, reason: Int)

    /// The `"state"` name written in the JSON.
    public var stateName: String {
        switch self {
        case .connecting: "connecting"
        case .accepted: "accepted"
        case .rejected: "rejected"
        case .unreachable: "unreachable"
        case .timedOut: "timed-out"
        case .aborted: "aborted"
        }
    }
}

/// The upstream's A-ASSOCIATE-AC (PS3.8 §9.3.3) as the front shows it beside the held request.
public struct UpstreamAccepted: Sendable, Decodable, Equatable {
    /// Per proposed context: the upstream's result (0 acceptance, 1 user-rejection, 2 no reason, 3 abstract
    /// syntax not supported, 4 transfer syntaxes not supported) and, when accepted, its transfer syntax.
    public var presentationContexts: [ContextDecision]
    /// The SCP/SCU Role Selection items the upstream answered (PS3.7 D.3.3.4).
    public var roleSelections: [RoleSelection]
    /// The Maximum Length the upstream can receive (0 = no limit, PS3.8 D.1).
    public var maxPDULength: Int
    public var implementationClassUID: String?
    public var implementationVersionName: String?
    /// The upstream's asynchronous operations window (PS3.7 D.3.3.3), when it answered one.
    public var maxOperationsInvoked: Int?
    public var maxOperationsPerformed: Int?

    public init(presentationContexts: [ContextDecision], roleSelections: [RoleSelection] = [], maxPDULength: Int,
                implementationClassUID: String? = nil, implementationVersionName: String? = nil,
                maxOperationsInvoked: Int? = nil, maxOperationsPerformed: Int? = nil) {
        self.presentationContexts = presentationContexts; self.roleSelections = roleSelections
        self.maxPDULength = maxPDULength; self.implementationClassUID = implementationClassUID
        self.implementationVersionName = implementationVersionName
        self.maxOperationsInvoked = maxOperationsInvoked; self.maxOperationsPerformed = maxOperationsPerformed
    }
}

extension UpstreamAnswer: Decodable {
    private enum Key: String, CodingKey { case state, result, source, reason, detail }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        let state = try container.decode(String.self, forKey: .state)
        switch state {
        case "connecting": self = .connecting
        case "accepted": self = .accepted(try UpstreamAccepted(from: decoder))
        case "rejected":
            self = .rejected(result: try container.decode(Int.self, forKey: .result),
                             source: try container.decode(Int.self, forKey: .source),
                             reason: try container.decode(Int.self, forKey: .reason))
        case "unreachable": self = .unreachable(detail: try container.decode(String.self, forKey: .detail))
        case "timed-out": self = .timedOut
        case "aborted":
            self = .aborted(source: try container.decode(Int.self, forKey: .source),
                            reason: try container.decode(Int.self, forKey: .reason))
        default:
            throw DecodingError.dataCorruptedError(forKey: .state, in: container,
                                                   debugDescription: "unknown upstream answer \"\(state)\"")
        }
    }
}
