import ArgumentParser
import AssociationEngine
import AssociationEvents

/// How requests are decided: policy, rules, the decision window, and what the SCP accepts when it answers.
struct DecisionArguments: ParsableArguments {
    @Option(help: "How new requests are decided: ask (hold for a person), accept, reject.")
    var policy: Policy = .ask

    @Option(help: "Ordered accept/reject/ask rules; the first match wins (default: none).")
    var rules: String?

    @Option(name: .customLong("decision-timeout"),
            help: "Seconds a request may wait for a decision, \(EngineOptions.format(EngineOptions.timeoutRange)).")
    var decisionTimeout: Double = 25

    @Option(name: .customLong("on-timeout"), help: "What a decision timeout does: reject (2/3/1), accept, abort.")
    var onTimeout: EngineOptions.TimeoutAction = .reject

    @Flag(name: .customLong("require-called-ae"), help: "Reject requests to another called AE title (1/1/7) (default: off).")
    var requireCalledAE = false

    @Flag(name: .customLong("accept-unknown-sop-classes"), help: "Accept SOP classes not in the UID dictionary (default: off).")
    var acceptUnknownSOPClasses = false

    @Flag(name: .customLong("accept-unknown-transfer-syntaxes"),
          help: "Accept, for storage, transfer syntaxes not in the UID dictionary, stored bit-preserving (default: off).")
    var acceptUnknownTransferSyntaxes = false

    @Option(name: .customLong("prefer-ts"),
            help: "Transfer syntaxes we prefer, in order: UIDs or PS3.6 keywords, comma-separated (default: the SCU's order).")
    var preferTS: String?

    func validate() throws {
        if let preferTS {
            let parsed: [String]
            do {
                parsed = try ProposalConfiguration.transferSyntaxes(parsing: preferTS)
            } catch {
                throw ValidationError("\(error)")
            }
            if parsed.isEmpty {
                throw ValidationError("--prefer-ts needs at least one transfer syntax UID or PS3.6 keyword")
            }
        }
        // A rules file that does not parse, or cannot be created, is operator input too: the same exit status
        // as a bad option.
        if let rules {
            do {
                _ = try RuleSet.forRulesOption(rules)
            } catch {
                throw ValidationError(error.description)
            }
        }
    }

    func apply(to options: inout EngineOptions) {
        options.policy = policy
        options.rulesFile = rules
        options.decisionTimeout = decisionTimeout
        options.onTimeout = onTimeout
        options.requireCalledAETitle = requireCalledAE
        options.acceptUnknownSOPClasses = acceptUnknownSOPClasses
        options.acceptUnknownTransferSyntaxes = acceptUnknownTransferSyntaxes
        options.preferredTransferSyntaxes = preferTS.flatMap { try? ProposalConfiguration.transferSyntaxes(parsing: $0) }
            ?? []
    }
}
