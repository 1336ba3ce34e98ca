import AssociationEvents
import DICOMUpperLayer
import Foundation
import Logging
import NIOCore
import NIOPosix

/// Tap mode for one association: the requestor's A-ASSOCIATE-RQ is forwarded upstream at once while it is held in
/// Sta3 on the requestor leg; the decision relays the upstream's answer; then every PDV is relayed both ways
/// (PS3.8 §9.2 on both legs: the requestor leg's `AssociationHandler` is its acceptor, reached through
/// `TapRequestorLeg`; a `RequestorChannelHandler` on the same event loop is the requestor of the upstream leg, and
/// reports to this relay through `UpstreamRelay`).
final class TapRelay {
    /// The upstream side: its channel and handler, what it answered, and what relaying needs.
    let leg: TapLeg
    weak var requestor: (any TapRequestorLeg)?
    let engine: AssociationEngine
    let loop: any EventLoop
    let logger: Logger
    let allocator = ByteBufferAllocator()

    /// The `forward` object of the events.
    var forward: Forward { leg.forward }
    /// The requestor sent a command set whose data set has not begun (`QuickAck`).
    var awaitsDataSetStart: Bool { leg.fromRequestor.awaitsDataSetStart }
    /// Copies whose last fragment passed and whose file is being completed: `connection-closed` waits for them.
    var copiesFinishing: Int { leg.copiesFinishing }

    private init(leg: TapLeg, requestor: any TapRequestorLeg, engine: AssociationEngine, loop: any EventLoop,
                 logger: Logger) {
        self.leg = leg
        self.requestor = requestor
        self.engine = engine
        self.loop = loop
        self.logger = logger
    }

    // MARK: - Opening the upstream leg

    /// Opens the upstream connection and proposes the requestor's A-ASSOCIATE-RQ there (Evt1, AE-1, AE-2 of the
    /// upstream leg); the answer, or why there is none, arrives through `UpstreamRelay`.
    static func open(_ target: ForwardTarget, for rq: AAssociateRQ, requestor: any TapRequestorLeg,
                     engine: AssociationEngine, loop: any EventLoop, logger: Logger) -> TapRelay? {
        let ourMaximumLength = engine.proposalBuilder.maxPDULength
        let upstreamRQ = TapLeg.upstreamRequest(for: rq, target: target, ourMaximumLength: ourMaximumLength)
        let forward = Forward(address: target.address, callingAETitle: upstreamRQ.callingAETitle,
                              calledAETitle: upstreamRQ.calledAETitle)
        var machine = AssociationStateMachine(role: .requestor,
                                              artimTimeout: .clamping(seconds: engine.options.artimTimeout))
        guard machine.handle(.associateRequest(upstreamRQ)) != nil else { return nil }
        let leg = TapLeg(target: target, upstreamRQ: upstreamRQ, forward: forward, openedAt: loop.now)
        let relay = TapRelay(leg: leg, requestor: requestor, engine: engine, loop: loop, logger: logger)
        relay.connect(machine: machine)
        return relay
    }

    private func connect(machine started: AssociationStateMachine) {
        let bound = NIOLoopBound(self, eventLoop: loop)
        let engine = self.engine
        let loop = self.loop
        let target = leg.target
        let ourMaximumLength = engine.proposalBuilder.maxPDULength
        let timeout = TimeAmount.clamping(seconds: engine.options.forwardTimeout)
        let upstreamTLS = engine.upstreamTLSContext
        leg.acseTimer = loop.scheduleTask(in: timeout) {
            bound.value.upstreamTimedOut()
        }
        // Connected on the next turn of the loop, so that `association-requested` is always published before
        // anything the upstream leg reports (a connect can fail at once).
        loop.execute {
            guard !bound.value.leg.upstreamEnded else { return }
            // TCP_NODELAY at IPPROTO_TCP: `.socketOption(.tcp_nodelay)` would set option 1 at SOL_SOCKET, which is
            // SO_DEBUG (refused without CAP_NET_ADMIN).
            let bootstrap = ClientBootstrap(group: loop)
                .channelOption(.tcpOption(.tcp_nodelay), value: 1)
                .channelOption(.recvAllocator, value: ReceiveBuffers.allocator(maximumLength: ourMaximumLength))
                .connectTimeout(timeout)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        let handler = RequestorChannelHandler(machine: started, maximumLength: ourMaximumLength,
                                                              eventLoop: channel.eventLoop)
                        engine.liveCounts.withLockedValue { $0.upstreamLegs += 1 }
                        handler.onRemoved = { engine.liveCounts.withLockedValue { $0.upstreamLegs -= 1 } }
                        handler.relay = bound.value
                        bound.value.leg.handler = handler
                        try channel.pipeline.syncOperations.addHandler(handler)
                        // DICOM TLS (PS3.15 Annex B) in front: the A-ASSOCIATE-RQ written on connect waits in the
                        // TLS handler until the handshake has finished.
                        try upstreamTLS?.addClientHandlers(to: channel.pipeline.syncOperations, host: target.host) {
                            bound.value.upstreamTLSSettled($0)
                        }
                    }
                }
            bootstrap.connect(host: target.host, port: target.port).whenComplete { result in
                let relay = bound.value
                switch result {
                case .success(let channel):
                    guard !relay.leg.upstreamEnded else {
                        channel.close(promise: nil)
                        return
                    }
                    relay.leg.channel = channel
                case .failure(let error):
                    relay.upstreamFailed(.unreachable(detail: Self.describeConnectFailure(error)))
                }
            }
        }
    }

    /// The upstream leg's TLS handshake finished: its facts join the `forward` object of every later event; or it
    /// failed, and the upstream is `unreachable` with the reason (answered 2/3/1 by default) — unless it had already
    /// answered the A-ASSOCIATE-RQ, when the lost connection is reported as such.
    private func upstreamTLSSettled(_ outcome: TLSHandshakeOutcome) {
        switch outcome {
        case .established(let facts):
            leg.forward.tls = facts
        case .failed(let reason):
            upstreamFailed(.unreachable(detail: "TLS handshake with \(leg.target.address) failed: \(reason)"))
        }
    }

    private static func describeConnectFailure(_ error: any Error) -> String {
        if let error = error as? NIOConnectionError, let first = error.connectionErrors.first {
            return "\(first.error)"
        }
        if let error = error as? ChannelError, case .connectTimeout = error { return "connect timed out" }
        return "\(error)"
    }

    private func upstreamTimedOut() {
        guard case .connecting = leg.forward.answer else { return }
        leg.handler?.abort(origin: .timeout)
        leg.channel?.close(promise: nil)
        upstreamFailed(.timedOut)
    }

    /// The upstream gave no association (unreachable, timed out, aborted before answering): shown, and a decision
    /// already taken is carried out as a rejection (the upstream has nothing to relay).
    func upstreamFailed(_ answer: UpstreamAnswer) {
        guard case .connecting = leg.forward.answer else { return }
        leg.acseTimer?.cancel()
        leg.upstreamEnded = true
        record(answer)
        guard let requestor, requestor.legState == .sta3, let pending = leg.pendingAccept else { return }
        leg.pendingAccept = nil
        let (result, source, reason) = defaultRejection()
        requestor.execute(.reject(result: result, source: source, reason: reason, by: pending.decidedBy), detail: nil)
    }

    func record(_ answer: UpstreamAnswer) {
        leg.forward.answer = answer
        leg.forward.answerMilliseconds = Double((loop.now - leg.openedAt).nanoseconds) / 1_000_000
        guard let requestor, requestor.legState == .sta3 else { return }
        requestor.forwardChanged(leg.forward)
        requestor.publish(.forwardAnswered(ForwardAnswered(association: requestor.association, forward: leg.forward,
                                                           time: Date(), state: requestor.legState)))
    }

    /// The answer downstream when the upstream gives no association: its own A-ASSOCIATE-RJ triple, or 2/3/1
    /// (transient, service-provider presentation related, temporary congestion) when there is none.
    func defaultRejection() -> (result: Int, source: Int, reason: Int) {
        if case .rejected(let result, let source, let reason) = leg.forward.answer { return (result, source, reason) }
        return (2, 3, 1)
    }

    // MARK: - Decisions

    /// What an accept of the held request comes to in tap mode.
    enum AcceptOutcome {
        /// The upstream has not answered yet: the decision is carried out when it does.
        case waiting
        /// Not an acceptance after all: a rejection, or a command error for a person.
        case decided(DecisionStep)
        /// AE-7 with the upstream's A-ASSOCIATE-AC relayed.
        case accepted(Acceptance)
    }

    /// AE-7 in tap mode: the upstream's A-ASSOCIATE-AC, less the contexts `edits` reject, with the requestor's own
    /// AE titles and our Maximum Length (`TapLeg.requestorAnswer`). Before the upstream answered, the decision
    /// waits for the answer; when it gave no association, the request is rejected with its answer.
    func accept(_ request: HeldRequest, edits: [ContextDecision]?, decidedBy: DecidedBy) -> AcceptOutcome {
        switch leg.forward.answer {
        case .connecting:
            leg.pendingAccept = (edits, decidedBy)
            return .waiting
        case .accepted:
            break
        default:
            if decidedBy == .operator {
                return .decided(.commandError("accept: the upstream \(leg.target.address) gave no association "
                    + "(\(leg.forward.answer.stateName)); reject instead"))
            }
            let (result, source, reason) = defaultRejection()
            return .decided(.reject(result: result, source: source, reason: reason, by: decidedBy))
        }
        guard let upstreamAC = leg.upstreamAC else { return .waiting }
        let rejected: Set<UInt8>
        switch TapLeg.rejections(from: edits ?? [], upstream: upstreamAC) {
        case .success(let set): rejected = set
        case .failure(let error): return .decided(.commandError("accept: \(error)"))
        }
        let ourMaximumLength = engine.proposalBuilder.maxPDULength
        let ac = TapLeg.requestorAnswer(upstream: upstreamAC, rq: request.rq, rejecting: rejected,
                                        ourMaximumLength: ourMaximumLength)
        leg.acceptedContextIDs = Set(ac.presentationContexts.filter { $0.result.isAccepted }.map(\.id))
        let transferSyntaxes = Dictionary(ac.presentationContexts.compactMap { context in
            context.result.isAccepted ? context.transferSyntax.map { (context.id, $0) } : nil
        }, uniquingKeysWith: { first, _ in first })
        leg.fromRequestor.transferSyntaxes = transferSyntaxes
        leg.fromUpstream.transferSyntaxes = transferSyntaxes
        leg.toUpstream = PDVRefragmenter(peerMaximumLength: upstreamAC.userInformation.maximumLength ?? 0)
        leg.toRequestor = PDVRefragmenter(peerMaximumLength: request.rq.userInformation.maximumLength ?? 0)
        let relayed = TapLeg.accepted(ac)
        var contexts = relayed.presentationContexts
        for index in contexts.indices where rejected.contains(UInt8(clamping: contexts[index].id)) {
            contexts[index].reason = "rejected by the \(decidedBy.rawValue); the upstream accepted it"
        }
        let answer = Proposal(presentationContexts: contexts, roleSelections: relayed.roleSelections,
                              maxPDULength: Int(ourMaximumLength))
        return .accepted(Acceptance(answer: answer, ac: ac, negotiated: nil, forward: leg.forward))
    }

    /// After AE-8 downstream: the upstream association, if any, is released (A-RELEASE-RQ) when established,
    /// otherwise aborted.
    func rejected() {
        leg.pendingAccept = nil
        leg.acseTimer?.cancel()
        endUpstream(politely: true)
    }

    /// Ends the upstream leg: A-RELEASE-RQ when it is established and `politely`, else A-ABORT (source 0).
    func endUpstream(politely: Bool) {
        guard !leg.upstreamEnded else { return }
        leg.upstreamEnded = true
        leg.acseTimer?.cancel()
        guard let handler = leg.handler else {
            leg.channel?.close(promise: nil)
            return
        }
        if politely, handler.state == .sta6, handler.requestRelease() { return }
        handler.abort(origin: .engine)
    }

    /// The requestor leg ended (A-ABORT, lost connection, operator's abort, close): so does the upstream leg.
    func requestorEnded() {
        abandonCopies()
        endUpstream(politely: false)
    }
}
