import AssociationEvents
import DICOMUpperLayer
import Foundation
import NIOCore

/// Sta3, the decision window (PS3.8 §9.2, AE-6 → Sta3 → AE-7 / AE-8 / AA-1).
extension AssociationHandler {
    /// AE-6 issued the A-ASSOCIATE indication: compute the proposal, publish the request, then carry out what
    /// `DecisionProcess` decides at once (limit, called AE, rules, policy) or hold it until a command or the
    /// decision timeout.
    func associateRequestArrived(_ rq: AAssociateRQ, raw: [UInt8]) {
        let proposal = engine.proposalBuilder.proposal(for: rq)
        let time = now
        var published = AssociationRequested(association: id, peer: peer, rq: rq, ourAETitle: engine.options.aeTitle,
                                             proposal: proposal, deadline: nil, raw: raw, time: time)
        published.tls = tlsFacts
        let refusal = engine.requestArrived(id)
        let arrival = DecisionProcess(engine: engine).arrival(
            of: rq, calledAETitleMismatch: published.calledAETitleMismatch, peer: peer,
            peerCertificateSubject: tlsFacts?.peerCertificateSubject, refused: refusal != nil, at: time)
        if case .hold(let deadline) = arrival.step { published.deadline = deadline }
        if let target = arrival.forward, let loop = context?.eventLoop {
            tap = TapRelay.open(target, for: rq, requestor: self, engine: engine, loop: loop, logger: logger)
            published.forward = tap?.forward
        }
        request = HeldRequest(rq: rq, published: published, proposal: proposal, receivedAt: time)
        logger.debug("A-ASSOCIATE-RQ \(rq.callingAETitle) → \(rq.calledAETitle), \(rq.presentationContexts.count) contexts")
        publish(.associationRequested(published))
        let limited = arrival.step == .reject(result: 2, source: 3, reason: 2, by: .limit)
        execute(arrival.step, detail: limited ? refusal?.detail : nil)
        // Past a limit, a requestor that keeps its connection after the A-ASSOCIATE-RJ (AE-4 says it closes) must
        // not hold it for the whole ARTIM period in Sta13.
        if limited { closeSoon() }
    }

    /// Carries out a decision step.
    func execute(_ step: DecisionStep, detail: String? = nil) {
        switch step {
        case .accept(let edits, let roles, let by): accept(edits: edits, roles: roles, decidedBy: by)
        case .reject(let result, let source, let reason, let by):
            reject(result: result, source: source, reason: reason, decidedBy: by, detail: detail)
        case .hold: scheduleDecisionTimeout()
        case .abort: fire(.abortRequest(origin: .timeout))
        case .commandError(let message): commandError(message)
        }
    }

    private func scheduleDecisionTimeout() {
        guard let loop = context?.eventLoop else { return }
        let bound = NIOLoopBound(self, eventLoop: loop)
        let timeout = TimeAmount.clamping(seconds: engine.options.decisionTimeout)
        decisionDeadline = loop.scheduleTask(in: timeout) {
            let handler = bound.value
            handler.decisionDeadline = nil
            guard handler.machine.state == .sta3 else { return }
            handler.logger.info("decision timeout: \(handler.engine.options.onTimeout.rawValue)")
            // Tapped: the upstream's own rejection when it gave one (PS3.8 Table 9-21), else 2/3/1.
            handler.execute(DecisionProcess(engine: handler.engine).timedOut(
                upstreamRejection: handler.tap?.defaultRejection()))
        }
    }

    // MARK: - Commands

    func operatorAccept(contexts: [ContextDecision]?, roles: [RoleSelection]?, remember: Bool) {
        let step = DecisionProcess(engine: engine).operatorAccept(
            request, waiting: machine.state == .sta3, association: id, state: stateName, tapped: tap != nil,
            contexts: contexts, roles: roles)
        if remember { rememberDecision(step) }
        execute(step)
    }

    func operatorReject(result: Int, source: Int, reason: Int, remember: Bool) {
        let step = DecisionProcess(engine: engine).operatorReject(
            waiting: machine.state == .sta3, association: id, state: stateName, result: result, source: source,
            reason: reason)
        if remember { rememberDecision(step) }
        execute(step)
    }

    func operatorAbort() {
        if !fire(.abortRequest(origin: .operator)) {
            // Sta2 (no request yet) and Sta13 have no Evt15 entry: just drop the transport.
            logger.info("abort in \(stateName): closing the connection")
            context?.close(promise: nil)
        }
        tap?.requestorEnded()
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

    /// "Remember": a rule for this calling AE title from this peer address, added to the rules file and applied
    /// to the other requests waiting.
    private func rememberDecision(_ step: DecisionStep) {
        guard let request, let verdict = DecisionProcess.verdict(remembering: step) else { return }
        if let (rule, line) = engine.decisionSource.remember(verdict, callingAETitle: request.rq.callingAETitle,
                                                             peerAddress: peer) {
            engine.applyRememberedRule(rule, line: line, except: id)
        } else {
            commandError("remember: no --rules file to add a rule to")
        }
    }

    /// A rule was just added: if it decides this held request, it is carried out now. Returns whether it decided.
    func applyRule(onLine line: Int) -> Bool {
        guard machine.state == .sta3, let request, let step = DecisionProcess(engine: engine).appliedRule(
            onLine: line, to: request, peer: peer, peerCertificateSubject: tlsFacts?.peerCertificateSubject) else {
            return false
        }
        execute(step)
        return machine.state != .sta3
    }

    // MARK: - AE-7 / AE-8

    func accept(edits: [ContextDecision]?, roles: [RoleSelection]?, decidedBy: DecidedBy) {
        guard let request else { return }
        var acceptance: Acceptance
        var buffer = allocator.buffer(capacity: 512)
        do {
            if let tap {
                // Tapped: the upstream's answer relayed, once it came (PS3.8 §9.3.3).
                switch tap.accept(request, edits: edits, decidedBy: decidedBy) {
                case .waiting: return
                case .decided(let step): return execute(step)
                case .accepted(let relayed): acceptance = relayed
                }
            } else {
                acceptance = try DecisionProcess(engine: engine).acceptance(of: request, edits: edits, roles: roles)
            }
            // Encoded here so that an answer the send rules refuse leaves the association in Sta3.
            try PDU.associateAC(acceptance.ac).encode(into: &buffer)
        } catch {
            return commandError("accept: \(error)")
        }
        negotiated = acceptance.negotiated
        decisionDeadline?.cancel()
        decisionDeadline = nil
        fire(.associateAcceptResponse(acceptance.ac))
        self.request = nil
        let answer = acceptance.answer
        logger.debug("accepted (\(decidedBy.rawValue)): \(request.rq.presentationContexts.count) contexts proposed")
        publish(.associationAccepted(AssociationAccepted(
            association: id, decidedBy: decidedBy, presentationContexts: answer.presentationContexts,
            roleSelections: answer.roleSelections, maxPDULength: answer.maxPDULength, raw: Self.bytes(buffer),
            time: now, state: machine.state, forward: acceptance.forward)))
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
        tap?.rejected()
    }
}
