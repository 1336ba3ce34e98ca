/// The outcome of `RuleSet.decide(for:)`: the first matching rule, its action, and where it is written.
public struct RuleDecision: Sendable, Equatable {
    public var action: RuleAction
    public var rule: Rule
    /// 1-based line of the rule in the rules file (as loaded, or as `save(to:)` would write it).
    public var line: Int

    public init(action: RuleAction, rule: Rule, line: Int) {
        self.action = action; self.rule = rule; self.line = line
    }
}
