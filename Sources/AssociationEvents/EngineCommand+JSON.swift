import Foundation

/// The headless JSON form of a command: `{"command":"accept","association":7, ...}` (README, "Headless mode").
extension EngineCommand: Codable {
    private enum Key: String, CodingKey {
        case command, association, presentationContexts, roleSelections, remember, result, source, reason, policy
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        let name = try c.decode(String.self, forKey: .command)
        switch name {
        case "accept":
            self = .accept(association: try c.decode(Int.self, forKey: .association),
                           presentationContexts: try c.decodeIfPresent([ContextDecision].self,
                                                                       forKey: .presentationContexts),
                           roleSelections: try c.decodeIfPresent([RoleSelection].self, forKey: .roleSelections),
                           remember: try c.decodeIfPresent(Bool.self, forKey: .remember) ?? false)
        case "reject":
            self = .reject(association: try c.decode(Int.self, forKey: .association),
                           result: try c.decodeIfPresent(Int.self, forKey: .result) ?? 1,
                           source: try c.decodeIfPresent(Int.self, forKey: .source) ?? 1,
                           reason: try c.decodeIfPresent(Int.self, forKey: .reason) ?? 1,
                           remember: try c.decodeIfPresent(Bool.self, forKey: .remember) ?? false)
        case "abort":
            self = .abort(association: try c.decode(Int.self, forKey: .association))
        case "policy", "set-policy":
            self = .setPolicy(try c.decode(Policy.self, forKey: .policy))
        case "save-rules":
            self = .saveRules
        case "shutdown":
            self = .shutdown
        default:
            throw DecodingError.dataCorrupted(.init(codingPath: [Key.command],
                                                    debugDescription: "unknown command \"\(name)\""))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(name, forKey: .command)
        switch self {
        case .accept(let association, let contexts, let roles, let remember):
            try c.encode(association, forKey: .association)
            try c.encodeIfPresent(contexts, forKey: .presentationContexts)
            try c.encodeIfPresent(roles, forKey: .roleSelections)
            if remember { try c.encode(true, forKey: .remember) }
        case .reject(let association, let result, let source, let reason, let remember):
            try c.encode(association, forKey: .association)
            try c.encode(result, forKey: .result)
            try c.encode(source, forKey: .source)
            try c.encode(reason, forKey: .reason)
            if remember { try c.encode(true, forKey: .remember) }
        case .abort(let association):
            try c.encode(association, forKey: .association)
        case .setPolicy(let policy):
            try c.encode(policy, forKey: .policy)
        case .saveRules, .shutdown:
            break
        }
    }
}
