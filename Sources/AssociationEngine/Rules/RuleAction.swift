/// What a matching rule decides for an A-ASSOCIATE-RQ held in Sta3 (PS3.8 §9.2).
public enum RuleAction: Sendable, Hashable, CustomStringConvertible {
    /// Accept with the engine's proposal (AE-7).
    case accept
    /// Send an A-ASSOCIATE-RJ with this triple (AE-8).
    case reject(RejectTriple)
    /// Hold the request for a person, whatever `--policy` says.
    case ask
    /// Tap mode: forward the association to this upstream SCP; the decision then follows `--policy`.
    case forward(ForwardTarget)

    /// `accept`, `reject 1/1/3`, `ask`, `forward 10.0.0.9:104 called-ae PACS`.
    public var description: String {
        switch self {
        case .accept: "accept"
        case .reject(let t): "reject \(t)"
        case .ask: "ask"
        case .forward(let target): target.description
        }
    }
}
