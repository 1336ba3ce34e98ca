import AssociationEvents
import DICOMUpperLayer
import Foundation

/// What to do next about an A-ASSOCIATE-RQ in Sta3, the decision window (PS3.8 §9.2: AE-6 → Sta3 → AE-7 / AE-8 /
/// AA-1). The handler carries it out.
enum DecisionStep: Equatable, Sendable {
    /// AE-7: accept, with these edits to the computed proposal (nil: as proposed).
    case accept(edits: [ContextDecision]?, roles: [RoleSelection]?, by: DecidedBy)
    /// AE-8: reject with this PS3.8 Table 9-21 triple.
    case reject(result: Int, source: Int, reason: Int, by: DecidedBy)
    /// Wait in Sta3 for a command, at most until this deadline.
    case hold(until: Date)
    /// AA-1: abort (the decision timeout's `abort` action).
    case abort
    /// The command cannot be carried out: this message in an `error` event, and the request stays in Sta3.
    case commandError(String)
}

/// An accepted request as sent (PS3.8 §9.3.3): the answer as the `association-accepted` event shows it, the
/// A-ASSOCIATE-AC that carries it, and what the association then agrees on — nil when tapped (the relay keeps what
/// it needs) — with the upstream it is relayed to.
struct Acceptance {
    var answer: Proposal
    var ac: AAssociateAC
    var negotiated: NegotiatedAssociation?
    var forward: Forward?
}

/// The decision of one request as a value: from what the engine knows at the time (stopping, limits, the called
/// AE title, the rules, the policy, the options), each method returns the `DecisionStep` to take — no channel, no
/// clock, no events, so every path reads and tests without a socket.
struct DecisionProcess {
    var options: EngineOptions
    var builder: ProposalBuilder
    var rules: DecisionSource
    var policy: Policy
    /// The engine is stopping: every new request is refused.
    var stopping = false

    /// What an arriving request gets at once, and the upstream it is forwarded to in tap mode (`--forward`, or a
    /// rules-file `forward` action), if any.
    struct Arrival: Equatable {
        var step: DecisionStep
        var forward: ForwardTarget?
    }

    /// AE-6 issued the A-ASSOCIATE indication: the first of these decides — the engine stopping (2/3/1), a
    /// protocol version or application context we cannot serve (PS3.8 §9.3.2, PS3.7 A.2.1), an association limit
    /// (`refused`: PS3.8 Table 9-21 2/3/2, local-limit-exceeded), another called AE title with
    /// `--require-called-ae` (1/1/7), the first matching rule, the policy; `ask` holds the request until the
    /// decision timeout. A rejected request is forwarded nowhere.
    func arrival(of rq: AAssociateRQ, calledAETitleMismatch: Bool, peer: String, peerCertificateSubject: String?,
                 refused: Bool, at time: Date) -> Arrival {
        var forward = options.forward
        let step: DecisionStep
        if stopping {
            step = .reject(result: 2, source: 3, reason: 1, by: .shutdown)
        } else if let triple = builder.requiredRejection(for: rq) {
            step = .reject(result: triple.result, source: triple.source, reason: triple.reason, by: .policy)
        } else if refused {
            step = .reject(result: 2, source: 3, reason: 2, by: .limit)
        } else if calledAETitleMismatch, options.requireCalledAETitle {
            step = .reject(result: 1, source: 1, reason: 7, by: .policy)
        } else if let (verdict, _) = rules.verdict(
            callingAETitle: rq.callingAETitle, calledAETitle: rq.calledAETitle, peerAddress: peer,
            abstractSyntaxes: rq.presentationContexts.map(\.abstractSyntax),
            peerCertificateSubject: peerCertificateSubject) {
            switch verdict {
            case .accept: step = .accept(edits: nil, roles: nil, by: .rule)
            case .reject(let result, let source, let reason):
                step = .reject(result: result, source: source, reason: reason, by: .rule)
            case .ask: step = hold(from: time)
            case .forward(let target):
                forward = target
                step = byPolicy(from: time)
            }
        } else {
            step = byPolicy(from: time)
        }
        if case .reject = step { forward = nil }
        return Arrival(step: step, forward: forward)
    }

    private func byPolicy(from time: Date) -> DecisionStep {
        switch policy {
        case .accept: .accept(edits: nil, roles: nil, by: .policy)
        case .reject: .reject(result: 1, source: 1, reason: 1, by: .policy)
        case .ask: hold(from: time)
        }
    }

    private func hold(from time: Date) -> DecisionStep {
        .hold(until: time.addingTimeInterval(options.decisionTimeout))
    }

    /// The decision timeout ran out in Sta3 (`--on-timeout`). A rejection is `upstreamRejection` when the request
    /// is tapped (the upstream's own triple, or 2/3/1), else 2/3/1: transient, the peer may retry.
    func timedOut(upstreamRejection: (result: Int, source: Int, reason: Int)? = nil) -> DecisionStep {
        switch options.onTimeout {
        case .reject:
            let (result, source, reason) = upstreamRejection ?? (2, 3, 1)
            return .reject(result: result, source: source, reason: reason, by: .timeout)
        case .accept: return .accept(edits: nil, roles: nil, by: .timeout)
        case .abort: return .abort
        }
    }

    /// A person's accept: only of a request waiting in Sta3, and with edits the proposal allows (PS3.8 §9.3.3:
    /// one result per proposed context, a transfer syntax it proposed, role selections it asked for). Tapped, the
    /// answer is the upstream's and is checked against it when relayed; role edits do not apply.
    func operatorAccept(_ held: HeldRequest?, waiting: Bool, association: Int, state: String, tapped: Bool,
                        contexts: [ContextDecision]?, roles: [RoleSelection]?) -> DecisionStep {
        guard waiting, let held else {
            return .commandError("accept: association \(association) is in \(state), not waiting for a decision (Sta3)")
        }
        if tapped { return .accept(edits: contexts, roles: nil, by: .operator) }
        do {
            _ = try builder.resolve(rq: held.rq, decisions: contexts ?? [], roles: roles)
        } catch {
            return .commandError("accept: \(error)")
        }
        return .accept(edits: contexts, roles: roles, by: .operator)
    }

    /// A person's reject: only of a request waiting in Sta3, and only with a triple PS3.8 Table 9-21 defines.
    func operatorReject(waiting: Bool, association: Int, state: String,
                        result: Int, source: Int, reason: Int) -> DecisionStep {
        guard waiting else {
            return .commandError("reject: association \(association) is in \(state), not waiting for a decision (Sta3)")
        }
        guard RejectTriple.isDefined(result: result, source: source, reason: reason) else {
            return .commandError("reject: \(result)/\(source)/\(reason) is not a PS3.8 Table 9-21 triple "
                + "(result 1|2; source 1 with reason 1, 2, 3 or 7; source 2 with 1 or 2; source 3 with 1 or 2)")
        }
        return .reject(result: result, source: source, reason: reason, by: .operator)
    }

    /// "Remember": the rule verdict that repeats a person's decision for the next request of this calling AE title
    /// from this peer address; nil for a step that decides nothing.
    static func verdict(remembering step: DecisionStep) -> RuleVerdict? {
        switch step {
        case .accept: .accept
        case .reject(let result, let source, let reason, _): .reject(result: result, source: source, reason: reason)
        case .hold, .abort, .commandError: nil
        }
    }

    /// A rule was just added: if it is the rule that decides this held request (first match, as for a new
    /// request), the step it takes now (AE-7 / AE-8, decided by `rule`); nil when it does not decide it.
    func appliedRule(onLine line: Int, to held: HeldRequest, peer: String,
                     peerCertificateSubject: String?) -> DecisionStep? {
        let context = RuleContext(rq: held.rq, peer: peer, peerCertificateSubject: peerCertificateSubject)
        switch rules.verdict(ofRuleOnLine: line, for: context) {
        case .accept: return .accept(edits: nil, roles: nil, by: .rule)
        case .reject(let result, let source, let reason):
            return .reject(result: result, source: source, reason: reason, by: .rule)
        case .ask, .forward, nil: return nil
        }
    }

    /// AE-7 without a tap: the answer (the computed proposal as proposed, the common case, else resolved with the
    /// edits), its A-ASSOCIATE-AC (`known`, the one already built for this request accepted unedited, else built
    /// here), and the accepted contexts with the peer's Maximum Length (PS3.8 D.1).
    func acceptance(of held: HeldRequest, edits: [ContextDecision]?, roles: [RoleSelection]?,
                    ac known: AAssociateAC? = nil) throws -> Acceptance {
        let rq = held.rq
        let answer = edits == nil && roles == nil
            ? held.proposal : try builder.resolve(rq: rq, decisions: edits ?? [], roles: roles)
        var contexts: [UInt8: NegotiatedAssociation.Context] = [:]
        for decision in answer.presentationContexts where decision.result == 0 {
            guard let proposed = rq.presentationContexts.first(where: { Int($0.id) == decision.id }),
                  let ts = decision.transferSyntax else { continue }
            contexts[proposed.id] = .init(abstractSyntax: proposed.abstractSyntax, transferSyntax: ts)
        }
        let negotiated = NegotiatedAssociation(
            callingAETitle: rq.callingAETitle, calledAETitle: rq.calledAETitle,
            peerMaximumLength: Int(rq.userInformation.maximumLength ?? 0), contexts: contexts,
            fragmenter: MessageFragmenter(peerMaximumLength: rq.userInformation.maximumLength ?? 0))
        return Acceptance(answer: answer, ac: known ?? builder.makeAssociateAC(rq: rq, answer: answer),
                          negotiated: negotiated, forward: nil)
    }
}

extension DecisionProcess {
    /// The engine's decision inputs now (the policy and stopping change at run time).
    init(engine: AssociationEngine) {
        self.init(options: engine.options, builder: engine.proposalBuilder, rules: engine.decisionSource,
                  policy: engine.policy, stopping: engine.isStopping)
    }
}
