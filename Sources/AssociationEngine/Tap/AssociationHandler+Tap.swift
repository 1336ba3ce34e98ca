import AssociationEvents
import DICOMUpperLayer
import Foundation
import NIOCore
import NIOPosix

/// Tap mode on the requestor's connection: the A-ASSOCIATE-RQ is forwarded upstream at once while it is held in
/// Sta3 here; the decision relays the upstream's answer; then every PDV is relayed both ways (PS3.8 §9.2 on both
/// legs: this handler is the acceptor of the requestor leg, a `RequestorChannelHandler` on the same event loop the
/// requestor of the upstream leg).
extension AssociationHandler {
    // MARK: - Opening the upstream leg

    /// Opens the upstream connection and proposes the requestor's A-ASSOCIATE-RQ there (Evt1, AE-1, AE-2 of the
    /// upstream leg); the answer, or why there is none, arrives through `UpstreamRelay`. Returns the `forward`
    /// object for the `association-requested` event.
    func openUpstream(_ target: ForwardTarget, for rq: AAssociateRQ) -> Forward? {
        guard let context else { return nil }
        let ourMaximumLength = engine.proposalBuilder.maxPDULength
        let upstreamRQ = TapLeg.upstreamRequest(for: rq, target: target, ourMaximumLength: ourMaximumLength)
        let forward = Forward(address: target.address, callingAETitle: upstreamRQ.callingAETitle,
                              calledAETitle: upstreamRQ.calledAETitle)
        var machine = AssociationStateMachine(role: .requestor,
                                              artimTimeout: .clamping(seconds: engine.options.artimTimeout))
        guard machine.handle(.associateRequest(upstreamRQ)) != nil else { return nil }
        let started = machine
        let loop = context.eventLoop
        let tap = TapLeg(target: target, upstreamRQ: upstreamRQ, forward: forward, openedAt: loop.now)
        self.tap = tap
        let bound = NIOLoopBound(self, eventLoop: loop)
        let engine = self.engine
        let timeout = TimeAmount.clamping(seconds: engine.options.forwardTimeout)
        let upstreamTLS = engine.upstreamTLSContext
        tap.acseTimer = loop.scheduleTask(in: timeout) {
            bound.value.upstreamTimedOut()
        }
        // Connected on the next turn of the loop, so that `association-requested` is always published before
        // anything the upstream leg reports (a connect can fail at once).
        loop.execute {
            guard bound.value.tap?.upstreamEnded == false else { return }
            // TCP_NODELAY at IPPROTO_TCP: `.socketOption(.tcp_nodelay)` would set option 1 at SOL_SOCKET, which is
            // SO_DEBUG (refused without CAP_NET_ADMIN).
            let bootstrap = ClientBootstrap(group: loop)
                .channelOption(.tcpOption(.tcp_nodelay), value: 1)
                .connectTimeout(timeout)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        let handler = RequestorChannelHandler(machine: started, maximumLength: ourMaximumLength,
                                                              eventLoop: channel.eventLoop)
                        engine.liveCounts.withLockedValue { $0.upstreamLegs += 1 }
                        handler.onRemoved = { engine.liveCounts.withLockedValue { $0.upstreamLegs -= 1 } }
                        handler.relay = bound.value
                        bound.value.tap?.handler = handler
                        try channel.pipeline.syncOperations.addHandler(handler)
                        // DICOM TLS (PS3.15 Annex B) in front: the A-ASSOCIATE-RQ written on connect waits in the
                        // TLS handler until the handshake has finished.
                        try upstreamTLS?.addClientHandlers(to: channel.pipeline.syncOperations, host: target.host) {
                            bound.value.upstreamTLSSettled($0)
                        }
                    }
                }
            bootstrap.connect(host: target.host, port: target.port).whenComplete { result in
                let downstream = bound.value
                switch result {
                case .success(let channel):
                    guard let tap = downstream.tap, !tap.upstreamEnded else {
                        channel.close(promise: nil)
                        return
                    }
                    tap.channel = channel
                case .failure(let error):
                    downstream.upstreamFailed(.unreachable(detail: Self.describeConnectFailure(error)))
                }
            }
        }
        return forward
    }

    /// The upstream leg's TLS handshake finished: its facts join the `forward` object of every later event; or it
    /// failed, and the upstream is `unreachable` with the reason (answered 2/3/1 by default) — unless it had already
    /// answered the A-ASSOCIATE-RQ, when the lost connection is reported as such.
    func upstreamTLSSettled(_ outcome: TLSHandshakeOutcome) {
        guard let tap else { return }
        switch outcome {
        case .established(let facts):
            tap.forward.tls = facts
        case .failed(let reason):
            upstreamFailed(.unreachable(detail: "TLS handshake with \(tap.target.address) failed: \(reason)"))
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
        guard let tap, case .connecting = tap.forward.answer else { return }
        tap.handler?.abort(origin: .timeout)
        tap.channel?.close(promise: nil)
        upstreamFailed(.timedOut)
    }

    /// The upstream gave no association (unreachable, timed out, aborted before answering): shown, and a decision
    /// already taken is carried out as a rejection (the upstream has nothing to relay).
    func upstreamFailed(_ answer: UpstreamAnswer) {
        guard let tap, case .connecting = tap.forward.answer else { return }
        tap.acseTimer?.cancel()
        tap.upstreamEnded = true
        record(answer, in: tap)
        guard machine.state == .sta3 else { return }
        if let pending = tap.pendingAccept {
            tap.pendingAccept = nil
            let (result, source, reason) = tapDefaultRejection()
            reject(result: result, source: source, reason: reason, decidedBy: pending.decidedBy)
        }
    }

    private func record(_ answer: UpstreamAnswer, in tap: TapLeg) {
        tap.forward.answer = answer
        let elapsed = (context?.eventLoop.now ?? tap.openedAt) - tap.openedAt
        tap.forward.answerMilliseconds = Double(elapsed.nanoseconds) / 1_000_000
        if machine.state == .sta3 {
            request?.published.forward = tap.forward
            publish(.forwardAnswered(ForwardAnswered(association: id, forward: tap.forward, time: now,
                                                     state: machine.state)))
        }
    }

    /// The answer downstream when the upstream gives no association: its own A-ASSOCIATE-RJ triple, or 2/3/1
    /// (transient, service-provider presentation related, temporary congestion) when there is none.
    func tapDefaultRejection() -> (Int, Int, Int) {
        if case .rejected(let result, let source, let reason)? = tap?.forward.answer { return (result, source, reason) }
        return (2, 3, 1)
    }

    // MARK: - Decisions

    /// AE-7 in tap mode: relays the upstream's A-ASSOCIATE-AC, less the contexts `edits` reject. Before the
    /// upstream answered, the decision waits for the answer.
    func tapAccept(edits: [ContextDecision]?, decidedBy: DecidedBy) {
        guard let tap, let request else { return }
        switch tap.forward.answer {
        case .connecting:
            tap.pendingAccept = (edits, decidedBy)
            return
        case .accepted:
            break
        default:
            if decidedBy == .operator {
                return tapCommandError("accept: the upstream \(tap.target.address) gave no association "
                    + "(\(tap.forward.answer.stateName)); reject instead")
            }
            let (result, source, reason) = tapDefaultRejection()
            return reject(result: result, source: source, reason: reason, decidedBy: decidedBy)
        }
        guard let upstreamAC = tap.upstreamAC else { return }
        let rejected: Set<UInt8>
        switch TapLeg.rejections(from: edits ?? [], upstream: upstreamAC) {
        case .success(let set): rejected = set
        case .failure(let error): return tapCommandError("accept: \(error)")
        }
        let ourMaximumLength = engine.proposalBuilder.maxPDULength
        let ac = TapLeg.requestorAnswer(upstream: upstreamAC, rq: request.rq, rejecting: rejected,
                                        ourMaximumLength: ourMaximumLength)
        var buffer = allocator.buffer(capacity: 512)
        do {
            try PDU.associateAC(ac).encode(into: &buffer)
        } catch {
            return tapCommandError("accept: cannot encode the relayed A-ASSOCIATE-AC: \(error)")
        }
        tap.acceptedContextIDs = Set(ac.presentationContexts.filter { $0.result.isAccepted }.map(\.id))
        tap.toUpstream = PDVRefragmenter(peerMaximumLength: upstreamAC.userInformation.maximumLength ?? 0)
        tap.toRequestor = PDVRefragmenter(peerMaximumLength: request.rq.userInformation.maximumLength ?? 0)
        decisionDeadline?.cancel()
        decisionDeadline = nil
        fire(.associateAcceptResponse(ac))
        self.request = nil
        let answer = TapLeg.accepted(ac)
        var contexts = answer.presentationContexts
        for index in contexts.indices where rejected.contains(UInt8(clamping: contexts[index].id)) {
            contexts[index].reason = "rejected by the \(decidedBy.rawValue); the upstream accepted it"
        }
        publish(.associationAccepted(AssociationAccepted(
            association: id, decidedBy: decidedBy, presentationContexts: contexts,
            roleSelections: answer.roleSelections, maxPDULength: Int(ourMaximumLength), raw: Self.bytes(buffer),
            time: now, state: machine.state, forward: tap.forward)))
        if shuttingDown { beginShutdownOfEstablished() }
    }

    /// After AE-8 downstream: the upstream association, if any, is released (A-RELEASE-RQ) when established,
    /// otherwise aborted.
    func tapRejected() {
        guard let tap else { return }
        tap.pendingAccept = nil
        tap.acseTimer?.cancel()
        endUpstream(politely: true)
    }

    private func tapCommandError(_ message: String) {
        logger.warning("\(message)")
        publish(.error(EngineErrorEvent(association: id, message: message, time: now)))
    }

    /// Ends the upstream leg: A-RELEASE-RQ when it is established and `politely`, else A-ABORT (source 0).
    func endUpstream(politely: Bool) {
        guard let tap, !tap.upstreamEnded else { return }
        tap.upstreamEnded = true
        tap.acseTimer?.cancel()
        guard let handler = tap.handler else {
            tap.channel?.close(promise: nil)
            return
        }
        if politely, handler.state == .sta6, handler.requestRelease() { return }
        handler.abort(origin: .engine)
    }

    // MARK: - Relaying

    /// DT-2 on the requestor leg: each PDV re-fragmented to the upstream's Maximum Length and sent there (Evt9 on
    /// the upstream leg), the message it completes described in a `dimse` event (leg `requestor`).
    func relayFromRequestor(_ pData: PDataTF) {
        guard let tap, let upstream = tap.handler, !tap.upstreamEnded else { return }
        var out = allocator.buffer(capacity: pData.pduLength + 12 * pData.values.count)
        for pdv in pData.values {
            guard tap.acceptedContextIDs.contains(pdv.presentationContextID) else {
                discardInput = true
                fire(.invalidPDU(reason: 6, detail: "a PDV on presentation context \(pdv.presentationContextID), "
                    + "which was not accepted on this leg"))
                return
            }
            tap.toUpstream.append(pdv, into: &out)
            let completed = tap.fromRequestor.observe(pdv)
            copyRelayed(pdv, leg: .requestor, watcher: tap.fromRequestor, completed: completed)
            if let message = completed {
                if let messageID = message.command?.messageID, message.command?.commandField.isResponse == false {
                    tap.requestsRelayed[messageID] = context?.eventLoop.now
                }
                publishRelayed(message, leg: .requestor, responseMilliseconds: nil)
            }
        }
        guard upstream.relayData(out) else {
            logger.info("upstream leg in \(upstream.state) takes no P-DATA; aborting both legs")
            return abortBothLegs(detail: "the upstream leg can no longer carry data (\(upstream.state))")
        }
        if let channel = tap.channel, !channel.isWritable { pauseRequestorReading() }
    }

    /// A `dimse` event for a relayed message, the way `direction` `received` events describe what we received.
    private func publishRelayed(_ message: RelayedMessageWatcher.Message, leg: DIMSELeg, responseMilliseconds: Double?) {
        let command = message.command
        var event = DIMSEMessage(
            association: id, direction: .received,
            command: command.map { $0.commandField.name ?? "\($0.commandField)" } ?? "undecodable command set",
            commandField: Int(command?.commandField.rawValue ?? 0), messageID: command?.messageID.map(Int.init),
            messageIDBeingRespondedTo: command?.messageIDBeingRespondedTo.map(Int.init),
            presentationContext: Int(message.contextID), affectedSOPClassUID: command?.sopClassUID,
            affectedSOPInstanceUID: command?.sopInstanceUID, status: command?.status.map { Int($0.rawValue) },
            bytes: message.dataSetBytes, durationMilliseconds: nil, time: now, state: machine.state)
        event.leg = leg
        event.responseMilliseconds = responseMilliseconds
        publish(.dimse(event))
    }

    private func pauseRequestorReading() {
        guard let tap, !tap.requestorReadingPaused, let channel = context?.channel else { return }
        tap.requestorReadingPaused = true
        channel.setOption(ChannelOptions.autoRead, value: false).whenComplete { _ in }
    }

    /// The requestor leg can take more: the upstream leg reads again.
    func tapRequestorWritabilityChanged(isWritable: Bool) {
        guard let tap, let channel = tap.channel else { return }
        if !isWritable, !tap.upstreamReadingPaused {
            tap.upstreamReadingPaused = true
            channel.setOption(ChannelOptions.autoRead, value: false).whenComplete { _ in }
        } else if isWritable, tap.upstreamReadingPaused {
            tap.upstreamReadingPaused = false
            channel.setOption(ChannelOptions.autoRead, value: true).whenComplete { _ in }
        }
    }

    /// The requestor released (AR-2, Sta8): relayed upstream (AR-1 there); the A-RELEASE-RP goes to the requestor
    /// when the upstream's arrives (`upstreamReleaseConfirmed`). In a collision (Sta10) the requestor leg waits for
    /// the requestor's A-RELEASE-RP first (AR-10).
    func tapReleaseRequested() {
        guard let tap else { return }
        if machine.state == .sta10 { return }
        guard let upstream = tap.handler, !tap.upstreamEnded else {
            // Nothing upstream to release: answer at once.
            if fire(.releaseResponse) {
                publish(.released(Released(association: id, by: .peer, time: now, state: machine.state)))
            }
            return
        }
        if upstream.state == .sta6, upstream.requestRelease() { return }
        if upstream.state == .sta8 {
            // The upstream asked first and is waiting for our answer: both asked, the releases cross.
            upstream.answerRelease()
        }
    }

    /// The requestor's A-RELEASE-RP for a release the upstream asked for (AR-3, or AR-10 → Sta12 in a collision).
    func tapReleaseConfirmed() {
        guard let tap else { return }
        if machine.state == .sta12 { fire(.releaseResponse) }
        publish(.released(Released(association: id, by: .upstream, time: now, state: machine.state)))
        tap.upstreamEnded = true
        tap.handler?.answerRelease()
    }

    /// The requestor leg ended (A-ABORT, lost connection, operator's abort, close): so does the upstream leg.
    func tapRequestorEnded() {
        guard tap != nil else { return }
        abandonCopies()
        endUpstream(politely: false)
    }

    private func abortBothLegs(detail: String) {
        endUpstream(politely: false)
        if machine.state != .sta13, machine.state != .sta1 {
            fire(.abortRequest(origin: .upstream))
        }
        logger.info("\(detail)")
    }
}

extension AssociationHandler: UpstreamRelay {
    func upstreamAnswered(_ answer: UpstreamAssociateAnswer) {
        guard let tap else { return }
        tap.acseTimer?.cancel()
        switch answer {
        case .accepted(let ac):
            tap.upstreamAC = ac
            record(.accepted(TapLeg.accepted(ac)), in: tap)
        case .rejected(let rj):
            tap.upstreamEnded = true
            record(.rejected(result: Int(rj.result), source: Int(rj.source), reason: Int(rj.reason)), in: tap)
        }
        guard machine.state == .sta3 else {
            // The requestor is gone (aborted, closed) while the upstream was answering.
            return endUpstream(politely: true)
        }
        if let pending = tap.pendingAccept {
            tap.pendingAccept = nil
            tapAccept(edits: pending.edits, decidedBy: pending.decidedBy)
        }
    }

    /// DT-2 on the upstream leg: relayed to the requestor re-fragmented to its Maximum Length (Evt9 here: DT-1 in
    /// Sta6, AR-7 in Sta8), described in a `dimse` event (leg `upstream`, with the response time).
    func upstreamData(_ pData: PDataTF) {
        guard let tap else { return }
        // As a read of our own leg: writes and events wait for `upstreamReadComplete`, one flush per read.
        let wasInRead = inRead
        inRead = true
        defer { inRead = wasInRead }
        var out = allocator.buffer(capacity: pData.pduLength + 12 * pData.values.count)
        for pdv in pData.values {
            tap.toRequestor.append(pdv, into: &out)
            let completed = tap.fromUpstream.observe(pdv)
            copyRelayed(pdv, leg: .upstream, watcher: tap.fromUpstream, completed: completed)
            if let message = completed {
                var milliseconds: Double?
                if let command = message.command, command.commandField.isResponse,
                   let answered = command.messageIDBeingRespondedTo, let sent = tap.requestsRelayed[answered],
                   let loop = context?.eventLoop {
                    milliseconds = Double((loop.now - sent).nanoseconds) / 1_000_000
                    if command.status?.category != .pending { tap.requestsRelayed[answered] = nil }
                }
                publishRelayed(message, leg: .upstream, responseMilliseconds: milliseconds)
            }
        }
        guard fire(.pDataRequest(out)) else {
            logger.info("requestor leg in \(stateName) takes no P-DATA from the upstream; aborting both legs")
            return abortBothLegs(detail: "P-DATA from the upstream while the requestor leg is in \(stateName)")
        }
        if let channel = context?.channel, !channel.isWritable { tapRequestorWritabilityChanged(isWritable: false) }
    }

    func upstreamReleaseRequested() {
        guard let tap, let upstream = tap.handler else { return }
        switch upstream.state {
        case .sta9:
            // Both asked at once and we requested upstream: the requestor side answers first (AR-9, PS3.8 §7.2.2).
            upstream.answerRelease()
        default:
            // The upstream asks to release (AR-2 there): ask the requestor (AR-1 here), answer upstream on its RP.
            publish(.releaseRequested(ReleaseRequested(association: id, time: now, state: machine.state)))
            if !fire(.releaseRequest) { upstream.answerRelease() }
        }
    }

    /// The upstream's A-RELEASE-RP (AR-3): the requestor gets its own (AR-4).
    func upstreamReleaseConfirmed() {
        tap?.upstreamEnded = true
        guard machine.state == .sta8 || machine.state == .sta12 else { return }
        if fire(.releaseResponse) {
            publish(.released(Released(association: id, by: .peer, time: now, state: machine.state)))
        }
    }

    func upstreamAborted(_ abort: AAbort?, detail: String) {
        guard let tap else { return }
        let wasEnded = tap.upstreamEnded
        tap.upstreamEnded = true
        if case .connecting = tap.forward.answer {
            // A connection that never opened is reported by the connect's own failure (unreachable).
            if tap.channel != nil { upstreamFailedAbort(abort) }
            return
        }
        guard !wasEnded else { return }
        switch machine.state {
        case .sta6, .sta7, .sta8, .sta9, .sta10, .sta11, .sta12:
            logger.info("upstream leg ended: \(detail); aborting the requestor leg")
            fire(.abortRequest(origin: .upstream))
        default:
            break
        }
    }

    private func upstreamFailedAbort(_ abort: AAbort?) {
        let answer: UpstreamAnswer = .aborted(source: Int(abort?.source ?? 2), reason: Int(abort?.reason ?? 0))
        upstreamFailed(answer)
    }

    func upstreamReadComplete() {
        guard !inRead else { return }
        context?.flush()
        flushEvents()
    }

    func upstreamWritabilityChanged(isWritable: Bool) {
        guard let tap, isWritable, tap.requestorReadingPaused, let channel = context?.channel else { return }
        tap.requestorReadingPaused = false
        channel.setOption(ChannelOptions.autoRead, value: true).whenComplete { _ in }
    }
}
