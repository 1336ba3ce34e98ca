import Foundation

/// The headless JSON form of a command: `{"command":"accept","association":7, ...}` (README, "Headless mode"),
/// read from stdin; `EventJSONWriter` writes one.
extension EngineCommand: Decodable {
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
}
