import Foundation
import NIOConcurrencyHelpers

/// What a rule decided for a request (PS3.8 Table 9-21 triple for a reject).
enum RuleVerdict: Sendable, Equatable {
    case accept
    case reject(result: Int, source: Int, reason: Int)
    case ask
}

/// Where decisions that no person makes come from: the `--rules` file. Shared by every connection; its state is
/// behind a lock because "remember" commands append rules from any event loop.
final class DecisionSource: Sendable {
    let loadError: String?
    private let rulesFile: String?

    init(options: EngineOptions) {
        rulesFile = options.rulesFile
        loadError = options.rulesFile.map { "cannot use --rules \($0): rules are not supported by this build" }
    }

    /// The first rule matching the request, if any.
    func verdict(callingAETitle: String, calledAETitle: String, peerAddress: String,
                 abstractSyntaxes: [String]) -> (verdict: RuleVerdict, rule: String)? {
        nil
    }

    /// Appends a rule for "remember this decision"; returns its text in the rules syntax.
    func remember(_ verdict: RuleVerdict, callingAETitle: String, peerAddress: String) -> String? {
        nil
    }

    /// Writes the rules back; returns an error message, or nil on success.
    func saveRules() -> String? {
        rulesFile == nil ? "save-rules: no --rules file was given" : "save-rules: rules are not supported by this build"
    }
}
