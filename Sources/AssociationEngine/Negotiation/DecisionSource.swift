import Foundation
import NIOConcurrencyHelpers

/// What a rule decided for a request (PS3.8 Table 9-21 triple for a reject).
enum RuleVerdict: Sendable, Equatable {
    case accept
    case reject(result: Int, source: Int, reason: Int)
    case ask
    /// Tap mode: forward to this upstream; the decision follows the policy.
    case forward(ForwardTarget)
}

/// Where decisions that no person makes come from: the `--rules` file (`RuleSet`, first match wins). Shared by
/// every connection; the rule set sits behind a lock because "remember" commands append rules from any event loop.
final class DecisionSource: Sendable {
    /// Why the rules file could not be loaded; the engine refuses to start with it.
    let loadError: String?
    /// Rules in the file that can never decide anything (`RuleSet.shadowedRules`), prefixed with the file name;
    /// the engine logs them as warnings when it starts.
    let warnings: [String]
    private let rulesFile: String?
    private let rules: NIOLockedValueBox<RuleSet?>

    init(options: EngineOptions) {
        rulesFile = options.rulesFile
        guard let path = options.rulesFile else {
            warnings = []
            loadError = nil
            rules = NIOLockedValueBox(nil)
            return
        }
        do {
            let set = try RuleSet.forRulesOption(path)
            rules = NIOLockedValueBox(set)
            warnings = set.shadowedRules.map { "--rules \(path): \($0)" }
            loadError = nil
        } catch {
            warnings = []
            rules = NIOLockedValueBox(nil)
            loadError = error.description
        }
    }

    /// The first rule matching the request, if any, with its text.
    func verdict(callingAETitle: String, calledAETitle: String, peerAddress: String,
                 abstractSyntaxes: [String], peerCertificateSubject: String? = nil)
        -> (verdict: RuleVerdict, rule: String)? {
        let context = RuleContext(callingAETitle: callingAETitle, calledAETitle: calledAETitle, peer: peerAddress,
                                  abstractSyntaxes: abstractSyntaxes, peerCertificateSubject: peerCertificateSubject)
        guard let decision = rules.withLockedValue({ $0?.decide(for: context) }) else { return nil }
        return (Self.verdict(decision.action), "line \(decision.line): \(decision.rule)")
    }

    static func verdict(_ action: RuleAction) -> RuleVerdict {
        switch action {
        case .accept: .accept
        case .reject(let triple): .reject(result: triple.result, source: triple.source, reason: triple.reason)
        case .ask: .ask
        case .forward(let target): .forward(target)
        }
    }

    /// The verdict for a request if the rule on `line` is the one that decides it (the first match), else nil.
    /// Used to apply a just-remembered rule to the requests already waiting exactly as it would decide them
    /// had they arrived after it.
    func verdict(ofRuleOnLine line: Int, for context: RuleContext) -> RuleVerdict? {
        guard let decision = rules.withLockedValue({ $0?.decide(for: context) }), decision.line == line else {
            return nil
        }
        return Self.verdict(decision.action)
    }

    /// Appends a rule for "remember this decision" (this calling AE title from this peer address); returns its
    /// text and line, or nil without a `--rules` file or when the peer is not an IP address.
    func remember(_ verdict: RuleVerdict, callingAETitle: String, peerAddress: String) -> (rule: String, line: Int)? {
        let action: RuleAction
        switch verdict {
        case .accept: action = .accept
        case .ask: action = .ask
        case .forward(let target): action = .forward(target)
        case .reject(let result, let source, let reason):
            guard let triple = RejectTriple(result: result, source: source, reason: reason) else { return nil }
            action = .reject(triple)
        }
        guard let rule = Rule.remembering(action, callingAETitle: callingAETitle, peer: peerAddress) else {
            return nil
        }
        return rules.withLockedValue { set -> (String, Int)? in
            guard let line = set?.append(rule) else { return nil }
            return (rule.description, line)
        }
    }

    /// Writes the rules back atomically; returns an error message, or nil on success.
    func saveRules() -> String? {
        guard let path = rulesFile, let set = rules.withLockedValue({ $0 }) else {
            return "save-rules: no --rules file was given"
        }
        do {
            try set.save(to: path)
            return nil
        } catch {
            return "save-rules: \(error)"
        }
    }
}
