import Foundation

/// Everything the outside world can ask of the engine. One channel in: `AssociationEngine.send(_:)`.
///
/// JSON form (headless stdin): `{"command":"accept","association":7, ...}`.
public enum EngineCommand: Sendable, Equatable {
    /// Accept a request held in Sta3 — with the engine's proposal when `presentationContexts` is `nil`, or with an
    /// edited one (contexts not listed keep the proposal's answer). `remember` appends an accept rule for this
    /// calling AE title and peer address, which also decides the other requests waiting that it matches.
    case accept(association: Int, presentationContexts: [ContextDecision]?, roleSelections: [RoleSelection]?,
                remember: Bool)
    /// Reject a request held in Sta3 with a PS3.8 Table 9-21 triple.
    case reject(association: Int, result: Int, source: Int, reason: Int, remember: Bool)
    /// A-ABORT (source 0, service-user) a request in Sta3 or an established association.
    case abort(association: Int)
    case setPolicy(Policy)
    /// Write the current rules (including remembered ones) back to the `--rules` file.
    case saveRules
    /// Graceful stop, as SIGTERM.
    case shutdown

    public var name: String {
        switch self {
        case .accept: "accept"
        case .reject: "reject"
        case .abort: "abort"
        case .setPolicy: "policy"
        case .saveRules: "save-rules"
        case .shutdown: "shutdown"
        }
    }
}
