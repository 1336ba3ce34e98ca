import AssociationEvents
import DICOMUpperLayer
import Foundation
import NIOCore

/// Sta3, the decision window (PS3.8 §9.2, AE-6 → Sta3 → AE-7 / AE-8 / AA-1).
extension AssociationHandler {
    /// AE-6 issued the A-ASSOCIATE indication: compute the proposal, publish the request, then decide at once
    /// (limit, called AE, rules, policy) or hold it until a command or the decision timeout.
    func associateRequestArrived(_ rq: AAssociateRQ, raw: [UInt8]) {
        let options = engine.options
        let builder = engine.proposalBuilder
        let proposal = builder.proposal(for: rq)
        let time = now
        var published = AssociationRequested(association: id, peer: peer, rq: rq, ourAETitle: options.aeTitle,
                                             proposal: proposal, deadline: nil, raw: raw, time: time)
        published.tls = tlsFacts
        let refusal = engine.requestArrived(id)

        enum Immediate { case accept(DecidedBy), reject(Int, Int, Int, DecidedBy) }
        var immediate: Immediate?
        // Tap mode: `--forward`, or the upstream a rules-file `forward` action picks (the policy then decides).
        var forwardTarget = options.forward
        func byPolicy() -> Immediate? {
            switch engine.policy {
            case .accept: .accept(.policy)
            case .reject: .reject(1, 1, 1, .policy)
            case .ask: nil
            }
        }
        if engine.isStopping {
            immediate = .reject(2, 3, 1, .shutdown)
        } else if let triple = builder.requiredRejection(for: rq) {
            // Protocol version or application context we cannot serve (PS3.8 §9.3.2, PS3.7 A.2.1).
            immediate = .reject(triple.result, triple.source, triple.reason, .policy)
        } else if refusal != nil {
            // PS3.8 Table 9-21: rejected-transient, service-provider (presentation), local-limit-exceeded.
            immediate = .reject(2, 3, 2, .limit)
        } else if published.calledAETitleMismatch, options.requireCalledAETitle {
            immediate = .reject(1, 1, 7, .policy)
        } else if let (verdict, _) = engine.decisionSource.verdict(
            callingAETitle: rq.callingAETitle, calledAETitle: rq.calledAETitle, peerAddress: peer,
            abstractSyntaxes: rq.presentationContexts.map(\.abstractSyntax),
            peerCertificateSubject: tlsFacts?.peerCertificateSubject) {
            switch verdict {
            case .accept: immediate = .accept(.rule)
            case .reject(let r, let s, let reason): immediate = .reject(r, s, reason, .rule)
            case .ask: immediate = nil
            case .forward(let target):
                forwardTarget = target
                immediate = byPolicy()
            }
        } else {
            immediate = byPolicy()
        }
        if case .reject? = immediate { forwardTarget = nil }
        if immediate == nil {
            published.deadline = time.addingTimeInterval(options.decisionTimeout)
            scheduleDecisionTimeout()
        }
        if let forwardTarget {
            published.forward = openUpstream(forwardTarget, for: rq)
        }
        request = HeldRequest(rq: rq, published: published, proposal: proposal, receivedAt: time)
        logger.debug("A-ASSOCIATE-RQ \(rq.callingAETitle) → \(rq.calledAETitle), \(rq.presentationContexts.count) contexts")
        publish(.associationRequested(published))
        switch immediate {
        case .accept(let by): accept(edits: nil, roles: nil, decidedBy: by)
        case .reject(let result, let source, let reason, let by):
            reject(result: result, source: source, reason: reason, decidedBy: by,
                   detail: by == .limit ? refusal?.detail : nil)
            // Past a limit, a requestor that keeps its connection after the A-ASSOCIATE-RJ (AE-4 says it closes)
            // must not hold it for the whole ARTIM period in Sta13.
            if by == .limit { closeSoon() }
        case nil: break
        }
    }

    private func scheduleDecisionTimeout() {
        guard let loop = context?.eventLoop else { return }
        let bound = NIOLoopBound(self, eventLoop: loop)
        let timeout = TimeAmount.clamping(seconds: engine.options.decisionTimeout)
        decisionDeadline = loop.scheduleTask(in: timeout) {
            bound.value.decisionTimedOut()
        }
    }

    private func decisionTimedOut() {
        decisionDeadline = nil
        guard machine.state == .sta3 else { return }
        logger.info("decision timeout: \(engine.options.onTimeout.rawValue)")
        switch engine.options.onTimeout {
        case .reject:
            // Tapped: the upstream's own rejection when it gave one (PS3.8 Table 9-21), else 2/3/1.
            let (result, source, reason) = tap != nil ? tapDefaultRejection() : (2, 3, 1)
            reject(result: result, source: source, reason: reason, decidedBy: .timeout)
        case .accept: accept(edits: nil, roles: nil, decidedBy: .timeout)
        case .abort:
            fire(.abortRequest(origin: .timeout))
        }
    }

    // MARK: - Commands

    func operatorAccept(contexts: [ContextDecision]?, roles: [RoleSelection]?, remember: Bool) {
        guard machine.state == .sta3, let request else {
            return commandError("accept: association \(id) is in \(stateName), not waiting for a decision (Sta3)")
        }
        if tap != nil {
            // Tapped: the answer is the upstream's, checked against it in `tapAccept`; role edits do not apply.
            if remember { rememberDecision(.accept) }
            return tapAccept(edits: contexts, decidedBy: .operator)
        }
        do {
            _ = try engine.proposalBuilder.resolve(rq: request.rq, decisions: contexts ?? [], roles: roles)
        } catch {
            return commandError("accept: \(error)")
        }
        if remember { rememberDecision(.accept) }
        accept(edits: contexts, roles: roles, decidedBy: .operator)
    }

    func operatorReject(result: Int, source: Int, reason: Int, remember: Bool) {
        guard machine.state == .sta3 else {
            return commandError("reject: association \(id) is in \(stateName), not waiting for a decision (Sta3)")
        }
        guard RejectTriple.isDefined(result: result, source: source, reason: reason) else {
            return commandError("reject: \(result)/\(source)/\(reason) is not a PS3.8 Table 9-21 triple "
                + "(result 1|2; source 1 with reason 1, 2, 3 or 7; source 2 with 1 or 2; source 3 with 1 or 2)")
        }
        if remember { rememberDecision(.reject(result: result, source: source, reason: reason)) }
        reject(result: result, source: source, reason: reason, decidedBy: .operator)
    }

    func operatorAbort() {
        if !fire(.abortRequest(origin: .operator)) {
            // Sta2 (no request yet) and Sta13 have no Evt15 entry: just drop the transport.
            logger.info("abort in \(stateName): closing the connection")
            context?.close(promise: nil)
        }
        tapRequestorEnded()
    }

    /// Graceful stop: a held request gets 2/3/1 (shutdown); idle transports close; established associations are
    /// left to `beginShutdownOfEstablished()`.
    func beginShutdown() {
        shuttingDown = true
        switch machine.state {
        case .sta3:
            reject(result: 2, source: 3, reason: 1, decidedBy: .shutdown)
            closeSoon()
        case .sta1, .sta2, .sta13: context?.close(promise: nil)
        default: beginShutdownOfEstablished()
        }
    }

    /// Sta13 during shutdown: give the peer a moment to read our last PDU and close, then close ourselves
    /// rather than wait the whole ARTIM period.
    func closeSoon() {
        guard let loop = context?.eventLoop else { return }
        let bound = NIOLoopBound(self, eventLoop: loop)
        loop.scheduleTask(in: .clamping(seconds: min(engine.options.artimTimeout, 1))) {
            bound.value.context?.close(promise: nil)
        }
    }

    private func commandError(_ message: String) {
        logger.warning("\(message)")
        publish(.error(EngineErrorEvent(association: id, message: message, time: now)))
    }

    private func rememberDecision(_ verdict: RuleVerdict) {
        guard let request else { return }
        if let (rule, line) = engine.decisionSource.remember(verdict, callingAETitle: request.rq.callingAETitle,
                                                             peerAddress: peer) {
            engine.applyRememberedRule(rule, line: line, except: id)
        } else {
            commandError("remember: no --rules file to add a rule to")
        }
    }

    /// A rule was just added: if it is the rule that decides this held request (first match, as for a new
    /// request), answer with it now (AE-7 / AE-8, decidedBy `rule`). Returns whether it decided.
    func applyRule(onLine line: Int) -> Bool {
        guard machine.state == .sta3, let request else { return false }
        let context = RuleContext(rq: request.rq, peer: peer, peerCertificateSubject: tlsFacts?.peerCertificateSubject)
        switch engine.decisionSource.verdict(ofRuleOnLine: line, for: context) {
        case .accept:
            accept(edits: nil, roles: nil, decidedBy: .rule)
        case .reject(let result, let source, let reason):
            reject(result: result, source: source, reason: reason, decidedBy: .rule)
        case .ask, .forward, nil:
            return false
        }
        return machine.state != .sta3
    }

    // MARK: - AE-7 / AE-8

    func accept(edits: [ContextDecision]?, roles: [RoleSelection]?, decidedBy: DecidedBy) {
        if tap != nil { return tapAccept(edits: edits, decidedBy: decidedBy) }
        guard let request else { return }
        let rq = request.rq
        let builder = engine.proposalBuilder
        let answer: Proposal
        let ac: AAssociateAC
        var buffer = allocator.buffer(capacity: 512)
        do {
            // As proposed (the common case) the proposal is already resolved; edits are validated first, and the
            // answer is encoded here so that one the send rules refuse leaves the association in Sta3.
            answer = edits == nil && roles == nil
                ? request.proposal : try builder.resolve(rq: rq, decisions: edits ?? [], roles: roles)
            ac = builder.makeAssociateAC(rq: rq, answer: answer)
            try PDU.associateAC(ac).encode(into: &buffer)
        } catch {
            commandError("accept: \(error)")
            return
        }
        var contexts: [UInt8: NegotiatedAssociation.Context] = [:]
        for decision in answer.presentationContexts where decision.result == 0 {
            guard let proposed = rq.presentationContexts.first(where: { Int($0.id) == decision.id }),
                  let ts = decision.transferSyntax else { continue }
            contexts[proposed.id] = .init(abstractSyntax: proposed.abstractSyntax, transferSyntax: ts)
        }
        negotiated = NegotiatedAssociation(
            callingAETitle: rq.callingAETitle, calledAETitle: rq.calledAETitle,
            peerMaximumLength: Int(rq.userInformation.maximumLength ?? 0), contexts: contexts,
            fragmenter: MessageFragmenter(peerMaximumLength: rq.userInformation.maximumLength ?? 0))
        decisionDeadline?.cancel()
        decisionDeadline = nil
        fire(.associateAcceptResponse(ac))
        self.request = nil
        logger.debug("accepted (\(decidedBy.rawValue)): \(contexts.count) of \(rq.presentationContexts.count) contexts")
        publish(.associationAccepted(AssociationAccepted(
            association: id, decidedBy: decidedBy, presentationContexts: answer.presentationContexts,
            roleSelections: answer.roleSelections, maxPDULength: answer.maxPDULength, raw: Self.bytes(buffer),
            time: now, state: machine.state)))
        if shuttingDown { beginShutdownOfEstablished() }
    }

    func reject(result: Int, source: Int, reason: Int, decidedBy: DecidedBy, detail: String? = nil) {
        decisionDeadline?.cancel()
        decisionDeadline = nil
        var buffer = allocator.buffer(capacity: 10)
        let rj = AAssociateRJ(result: UInt8(clamping: result), source: UInt8(clamping: source),
                              reason: UInt8(clamping: reason))
        do {
            try PDU.associateRJ(rj).encode(into: &buffer)
        } catch {
            commandError("reject: cannot encode the A-ASSOCIATE-RJ: \(error)")
            return
        }
        fire(.associateRejectResponse(rj))
        request = nil
        logger.debug("rejected \(result)/\(source)/\(reason) (\(decidedBy.rawValue))")
        publish(.associationRejected(AssociationRejected(
            association: id, decidedBy: decidedBy, result: result, source: source, reason: reason, detail: detail,
            time: now, state: machine.state, forward: tap?.forward)))
        tapRejected()
    }

    // MARK: - Validation


}
