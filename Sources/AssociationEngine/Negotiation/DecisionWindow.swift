import AssociationEvents
import DICOMUpperLayer
import Foundation
import Logging
import NIOCore

/// The acceptor leg as its `DecisionWindow` sees it: the `AssociationHandler`, on the connection's event loop.
protocol DecisionLeg: TapRequestorLeg {
    var peer: String { get }
    var tlsFacts: TLSFacts? { get }
    /// Tap mode: the relay the request is forwarded through, opened by the window when the decision says so.
    var tap: TapRelay? { get set }
    /// AE-7 was sent: the association carries what was agreed (nil when tapped: the relay keeps what it needs).
    func established(_ negotiated: NegotiatedAssociation?)
    /// Closes the transport shortly: a requestor may keep its connection after an A-ASSOCIATE-RJ.
    func closeSoon()
}

/// Sta3, the decision window of one association (PS3.8 §9.2: AE-6 → Sta3 → AE-7 / AE-8 / AA-1): publishes the
/// request, carries out what `DecisionProcess` decides — at once, on a person's command, on a rule just
/// remembered, at the decision timeout — and answers with the A-ASSOCIATE-AC or -RJ through the leg's machine.
final class DecisionWindow {
    weak var leg: (any DecisionLeg)?
    let engine: AssociationEngine
    let loop: any EventLoop
    let logger: Logger
    private let allocator = ByteBufferAllocator()
    /// The request held in Sta3, with what the engine would answer; counted in the engine's resource counts.
    private(set) var request: HeldRequest? {
        didSet {
            if (oldValue == nil) != (request == nil) {
                let change = request == nil ? -1 : 1
                engine.liveCounts.withLockedValue { $0.heldRequests += change }
            }
        }
    }
    private var deadline: Scheduled<Void>?

    init(leg: any DecisionLeg, engine: AssociationEngine, loop: any EventLoop, logger: Logger) {
        self.leg = leg
        self.engine = engine
        self.loop = loop
        self.logger = logger
    }

    deinit {
        if request != nil { engine.liveCounts.withLockedValue { $0.heldRequests -= 1 } }
    }

    private var waiting: Bool { leg?.legState == .sta3 }

    /// AE-6 issued the A-ASSOCIATE indication: compute the proposal, open the upstream leg when the request is
    /// forwarded, publish the request, then carry out what `DecisionProcess` decides at once (limit, called AE,
    /// rules, policy) or hold it until a command or the decision timeout.
    func requestArrived(_ rq: AAssociateRQ, raw: [UInt8]) {
        guard let leg else { return }
        let cacheKey = AnswerCache.key(for: rq, raw: raw)
        let cached = cacheKey.map { key in
            engine.answerCache.answer(for: key) { engine.proposalBuilder.proposal(for: rq) }
        }
        let proposal = cached?.proposal ?? engine.proposalBuilder.proposal(for: rq)
        let time = Date()
        var published = AssociationRequested(association: leg.association, peer: leg.peer, rq: rq,
                                             ourAETitle: engine.options.aeTitle, proposal: proposal, deadline: nil,
                                             raw: raw, time: time)
        published.tls = leg.tlsFacts
        let refusal = engine.requestArrived(leg.association)
        let arrival = DecisionProcess(engine: engine).arrival(
            of: rq, calledAETitleMismatch: published.calledAETitleMismatch, peer: leg.peer,
            peerCertificateSubject: leg.tlsFacts?.peerCertificateSubject, refused: refusal != nil, at: time)
        if case .hold(let deadline) = arrival.step { published.deadline = deadline }
        if let target = arrival.forward {
            leg.tap = TapRelay.open(target, for: rq, requestor: leg, engine: engine, loop: loop, logger: logger)
            published.forward = leg.tap?.forward
        }
        request = HeldRequest(rq: rq, published: published, proposal: proposal, receivedAt: time, cacheKey: cacheKey,
                              cachedAcceptance: cached?.acceptance)
        logger.debug("A-ASSOCIATE-RQ \(rq.callingAETitle) → \(rq.calledAETitle), \(rq.presentationContexts.count) contexts")
        leg.publish(.associationRequested(published))
        let limited = arrival.step == .reject(result: 2, source: 3, reason: 2, by: .limit)
        execute(arrival.step, detail: limited ? refusal?.detail : nil)
        // Past a limit, a requestor that keeps its connection after the A-ASSOCIATE-RJ (AE-4 says it closes) must
        // not hold it for the whole ARTIM period in Sta13.
        if limited { leg.closeSoon() }
    }

    /// Carries out a decision step.
    func execute(_ step: DecisionStep, detail: String? = nil) {
        switch step {
        case .accept(let edits, let roles, let by): accept(edits: edits, roles: roles, decidedBy: by)
        case .reject(let result, let source, let reason, let by):
            reject(result: result, source: source, reason: reason, decidedBy: by, detail: detail)
        case .hold: scheduleTimeout()
        case .abort: leg?.fire(.abortRequest(origin: .timeout))
        case .commandError(let message): commandError(message)
        }
    }

    private func scheduleTimeout() {
        let bound = NIOLoopBound(self, eventLoop: loop)
        deadline = loop.scheduleTask(in: .clamping(seconds: engine.options.decisionTimeout)) {
            let window = bound.value
            window.deadline = nil
            guard window.waiting else { return }
            window.logger.info("decision timeout: \(window.engine.options.onTimeout.rawValue)")
            // Tapped: the upstream's own rejection when it gave one (PS3.8 Table 9-21), else 2/3/1.
            window.execute(DecisionProcess(engine: window.engine).timedOut(
                upstreamRejection: window.leg?.tap?.defaultRejection()))
        }
    }

    /// The connection ended (Sta1): no decision is due any more.
    func stop() {
        deadline?.cancel()
        deadline = nil
    }

    /// The `forward` object changed while the request is held: later replays of the request carry it.
    func forwardChanged(_ forward: Forward) {
        request?.published.forward = forward
    }

    // MARK: - Commands

    func operatorAccept(contexts: [ContextDecision]?, roles: [RoleSelection]?, remember: Bool) {
        guard let leg else { return }
        let step = DecisionProcess(engine: engine).operatorAccept(
            request, waiting: waiting, association: leg.association, state: leg.legState.description,
            tapped: leg.tap != nil, contexts: contexts, roles: roles)
        if remember { rememberDecision(step) }
        execute(step)
    }

    func operatorReject(result: Int, source: Int, reason: Int, remember: Bool) {
        guard let leg else { return }
        let step = DecisionProcess(engine: engine).operatorReject(
            waiting: waiting, association: leg.association, state: leg.legState.description, result: result,
            source: source, reason: reason)
        if remember { rememberDecision(step) }
        execute(step)
    }

    private func commandError(_ message: String) {
        guard let leg else { return }
        logger.warning("\(message)")
        leg.publish(.error(EngineErrorEvent(association: leg.association, message: message, time: Date())))
    }

    /// "Remember": a rule for this calling AE title from this peer address, added to the rules file and applied
    /// to the other requests waiting.
    private func rememberDecision(_ step: DecisionStep) {
        guard let leg, let request, let verdict = DecisionProcess.verdict(remembering: step) else { return }
        if let (rule, line) = engine.decisionSource.remember(verdict, callingAETitle: request.rq.callingAETitle,
                                                             peerAddress: leg.peer) {
            engine.applyRememberedRule(rule, line: line, except: leg.association)
        } else {
            commandError("remember: no --rules file to add a rule to")
        }
    }

    /// A rule was just added: if it decides this held request, it is carried out now. Returns whether it decided.
    func applyRule(onLine line: Int) -> Bool {
        guard waiting, let leg, let request, let step = DecisionProcess(engine: engine).appliedRule(
            onLine: line, to: request, peer: leg.peer, peerCertificateSubject: leg.tlsFacts?.peerCertificateSubject)
        else {
            return false
        }
        execute(step)
        return !waiting
    }

    // MARK: - AE-7 / AE-8

    private func accept(edits: [ContextDecision]?, roles: [RoleSelection]?, decidedBy: DecidedBy) {
        guard let leg, let request else { return }
        var acceptance: Acceptance
        var encoded: ByteBuffer?
        var raw: [UInt8]?
        do {
            if let tap = leg.tap {
                // Tapped: the upstream's answer relayed, once it came (PS3.8 §9.3.3).
                switch tap.accept(request, edits: edits, decidedBy: decidedBy) {
                case .waiting: return
                case .decided(let step): return execute(step)
                case .accepted(let relayed): acceptance = relayed
                }
            } else {
                // The same request accepted as proposed before: its AC and bytes are known (`AnswerCache`).
                let cached = edits == nil && roles == nil ? request.cachedAcceptance : nil
                if let cached, let negotiated = cached.negotiated {
                    acceptance = Acceptance(answer: request.proposal, ac: cached.ac, negotiated: negotiated,
                                            forward: nil)
                } else {
                    acceptance = try DecisionProcess(engine: engine).acceptance(of: request, edits: edits,
                                                                                roles: roles, ac: cached?.ac)
                }
                encoded = cached?.encoded
                raw = cached?.raw
            }
            if encoded == nil {
                // Encoded here so that an answer the send rules refuse leaves the association in Sta3.
                var buffer = allocator.buffer(capacity: 512)
                try PDU.associateAC(acceptance.ac).encode(into: &buffer)
                encoded = buffer
                if leg.tap == nil, edits == nil, roles == nil, let key = request.cacheKey {
                    engine.answerCache.remember(.init(ac: acceptance.ac, encoded: buffer,
                                                      negotiated: acceptance.negotiated), for: key)
                }
            }
        } catch {
            return commandError("accept: \(error)")
        }
        guard let buffer = encoded else { return }
        stop()
        leg.fire(.associateAcceptResponse(acceptance.ac), encoded: buffer)
        self.request = nil
        let answer = acceptance.answer
        logger.debug("accepted (\(decidedBy.rawValue)): \(request.rq.presentationContexts.count) contexts proposed")
        leg.publish(.associationAccepted(AssociationAccepted(
            association: leg.association, decidedBy: decidedBy, presentationContexts: answer.presentationContexts,
            roleSelections: answer.roleSelections, maxPDULength: answer.maxPDULength,
            raw: raw ?? Array(buffer.readableBytesView), time: Date(), state: leg.legState,
            forward: acceptance.forward)))
        leg.established(acceptance.negotiated)
    }

    private func reject(result: Int, source: Int, reason: Int, decidedBy: DecidedBy, detail: String? = nil) {
        guard let leg else { return }
        stop()
        var buffer = allocator.buffer(capacity: 10)
        let rj = AAssociateRJ(result: UInt8(clamping: result), source: UInt8(clamping: source),
                              reason: UInt8(clamping: reason))
        do {
            try PDU.associateRJ(rj).encode(into: &buffer)
        } catch {
            return commandError("reject: cannot encode the A-ASSOCIATE-RJ: \(error)")
        }
        leg.fire(.associateRejectResponse(rj))
        request = nil
        logger.debug("rejected \(result)/\(source)/\(reason) (\(decidedBy.rawValue))")
        leg.publish(.associationRejected(AssociationRejected(
            association: leg.association, decidedBy: decidedBy, result: result, source: source, reason: reason,
            detail: detail, time: Date(), state: leg.legState, forward: leg.tap?.forward)))
        leg.tap?.rejected()
    }
}
