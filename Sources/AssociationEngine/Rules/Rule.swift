/// One line of a `--rules` file: an action and the conditions (all must hold) under which it applies.
/// See `RuleSet` for the syntax; `description` writes that syntax back and parses to an equal rule.
public struct Rule: Sendable, Hashable, CustomStringConvertible {
    public var action: RuleAction
    public var matchers: [RuleMatcher]

    public init(action: RuleAction, matchers: [RuleMatcher] = []) {
        self.action = action
        self.matchers = matchers
    }

    /// Parses one rule line (comments allowed after it). Throws for a blank or comment-only line.
    public init(parsing line: String) throws(RuleParseError) {
        guard let rule = try RuleParser.parseLine(line, lineNumber: 1) else {
            throw RuleParseError(line: 1, column: 1, expected: "accept, reject, ask or forward", found: "end of line")
        }
        self = rule
    }

    /// The rule a "remember this decision" command adds: this calling AE title from this peer address.
    /// `peer` may carry a port (`10.0.0.5:4711`), which is dropped; `nil` when the peer is not an IP address.
    public static func remembering(_ action: RuleAction, callingAETitle: String, peer: String) -> Rule? {
        guard let address = try? AddressPattern(parsing: AddressPattern.hostPart(of: peer)) else { return nil }
        let ae = TextPattern.trim(callingAETitle)
        // A title with "*" cannot be an exact pattern, and one outside the AE repertoire (PS3.5) would make the
        // saved file unreadable; such a peer is remembered by address only.
        let usable = !ae.contains("*") && RuleParser.problem(aeTitlePattern: .exact(ae)) == nil
        let aeMatcher: [RuleMatcher] = usable ? [.callingAETitle(.exact(ae))] : []
        return Rule(action: action, matchers: aeMatcher + [.peer(address)])
    }

    /// `true` when every matcher matches (a rule without matchers matches everything).
    public func matches(_ context: RuleContext) -> Bool {
        matchers.allSatisfy { $0.matches(context) }
    }

    public var description: String {
        ([action.description] + matchers.map(\.description)).joined(separator: " ")
    }
}
