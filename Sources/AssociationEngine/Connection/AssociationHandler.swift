import AssociationEvents
import DICOMUpperLayer
import Foundation
import Logging
import NIOCore

/// One TCP connection: feeds the PDUs `InboundFraming` cuts from its reads to an `AssociationStateMachine` in the acceptor role and
/// executes the effects it returns (send a PDU, start or stop ARTIM, issue a primitive, close); the decision in Sta3
/// is `DecisionProcess`'s, whole DIMSE requests go to their `DIMSEService`, and a tapped association's PDVs to its
/// `TapRelay`. Everything here runs on the connection's event loop; commands from the engine arrive through
/// `ConnectionHandle.execute`.
final class AssociationHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    let engine: AssociationEngine
    var logger: Logger
    var machine: AssociationStateMachine
    var id = 0
    var peer = "?"
    var context: ChannelHandlerContext?

    /// After a protocol error the rest of the input is ignored until the close.
    var discardInput = false
    /// PDUs out of the reads; our Maximum Length bounds every P-DATA-TF we accept (PS3.8 D.1).
    private var framing: InboundFraming
    /// The bytes of the PDU whose event is being handled, as received: an A-ASSOCIATE-RQ's for the
    /// `association-requested` event, a P-DATA-TF's for the tap to relay as they came.
    private(set) var receivedBytes: ByteBuffer?
    /// The bytes of the PDU the event being fired sends, when its caller encoded it already (`fire(_:encoded:)`).
    private var preEncoded: ByteBuffer?

    var artim: Scheduled<Void>?
    /// Sta3: the held request and its decision.
    var decision: DecisionWindow?
    // Sta6: what was agreed
    var negotiated: NegotiatedAssociation?
    var dimse: DIMSEProvider?
    /// Tap mode: the relay to the upstream this association is forwarded to.
    var tap: TapRelay?

    /// Shutdown, `connection-closed`, the engine forgetting the connection.
    var lifecycle = AssociationLifecycle()
    /// True while `channelRead` runs: writes are flushed once in `channelReadComplete`.
    var inRead = false
    /// Bytes `write` wrote during the current read and has not flushed yet.
    private var unflushedBytes = 0
    var shutdownTimer: Scheduled<Void>?
    /// Events produced while a read is processed, handed to the engine together in `channelReadComplete`: one
    /// consumer wake-up per read instead of one per event.
    var pendingEvents: [EngineEvent] = []

    // DICOM TLS (PS3.15 Annex B): see AssociationHandler+TLS.swift
    /// On the TLS port: the transport connection opens for DICOM only when the handshake has finished.
    let isTLS: Bool
    var tlsFacts: TLSFacts?

    /// The handlers of one connection: this one, which frames its own PDUs (`InboundFraming`).
    static func pipeline(engine: AssociationEngine, tls: Bool = false) -> [any ChannelHandler] {
        [AssociationHandler(engine: engine, tls: tls)]
    }

    init(engine: AssociationEngine, tls: Bool = false) {
        self.engine = engine
        self.isTLS = tls
        self.framing = InboundFraming(limits: PDULimits(maxDataTFLength: engine.proposalBuilder.maxPDULength),
                                      plainPort: !tls)
        self.logger = engine.logger
        self.machine = AssociationStateMachine(role: .acceptor,
                                               artimTimeout: .clamping(seconds: engine.options.artimTimeout))
        engine.liveCounts.withLockedValue { $0.handlers += 1 }
    }

    deinit {
        engine.liveCounts.withLockedValue { $0.handlers -= 1 }
    }

    var now: Date { Date() }

    // MARK: - Channel events

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        // ARTIM deadlines on the clock the event loop schedules by (a test loop's clock is its own).
        let loop = context.eventLoop
        machine.clock = AssociationClock { loop.now }
    }

    /// The context holds this handler strongly, so keeping it past removal is a reference cycle: the handler, its
    /// context, its pipeline and everything the handler holds (about 7 KB) would outlive every connection.
    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    func channelActive(context: ChannelHandlerContext) {
        let handle = ConnectionHandle(eventLoop: context.eventLoop,
                                      handler: NIOLoopBound(self, eventLoop: context.eventLoop))
        // The channel's addresses, cached at accept; `ChannelHandlerContext.remoteAddress` asks the kernel again
        // (getpeername(2)) on every call.
        let remote = context.channel.remoteAddress
        let ip = remote?.ipAddress  // inet_ntop(3): formatted once for both uses below
        peer = remote?.peerDescription(ipAddress: ip) ?? "?"
        let registration = engine.register(handle, peerAddress: ip ?? peer)
        id = registration.id
        logger[metadataKey: "association"] = "\(id)"
        logger.debug("connection from \(peer)")
        decision = DecisionWindow(leg: self, engine: engine, loop: context.eventLoop, logger: logger)
        if !isTLS {
            transportConnected(context: context)
        }
        if registration.stopping {
            context.close(promise: nil)
        }
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !discardInput else { return }
        var read = unwrapInboundIn(data)
        inRead = true
        defer { inRead = false }
        while !discardInput {
            let raw: ByteBuffer?
            let pdu: PDU
            // Our own DIMSE provider takes data in pieces; a tapped association relays PDUs as they were sent.
            framing.streamsDataTF = tap == nil && machine.state == .sta6
            do throws(UpperLayerError) {
                switch try framing.next(from: &read, allocator: context.channel.allocator) {
                case .frame(let frame) where frame.type == .associateRQ:
                    raw = frame.raw
                    pdu = .associateRQ(try engine.answerCache.request(for: frame.raw) { () throws(UpperLayerError) in
                        try AAssociateRQ.decode(body: frame.body)
                    })
                case .frame(let frame):
                    raw = frame.raw
                    pdu = try frame.decode()
                case .dataPieces(let pieces):
                    raw = nil
                    pdu = .dataTF(pieces)
                case .wrongProtocol(let reason): return refuseWrongProtocol(reason)
                case .needMoreData(let insidePDU):
                    // A sender with Nagle's algorithm on that wrote only a PDU's header so far (DCMTK writes
                    // each PDU's 12 header bytes, then its body) waits for our ACK before sending the rest.
                    if insidePDU { QuickAck.request(on: context.channel) }
                    return
                }
            } catch {
                logger.info("protocol error: \(error)")
                return abortInvalid(reason: error.abortReason, detail: error.description)
            }
            receivedBytes = raw
            fire(AssociationEvent(received: pdu))
            receivedBytes = nil
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        if dimse?.awaitsDataSetStart == true || tap?.awaitsDataSetStart == true {
            QuickAck.request(on: context.channel)
        }
        flush()
        tap?.requestorReadComplete()
        flushEvents()
    }

    func channelInactive(context: ChannelHandlerContext) {
        flushEvents()
        if machine.state != .sta1 {
            fire(.transportClosed)
        }
        finishConnection()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        logger.debug("transport error: \(error)")
        context.close(promise: nil)
    }

    /// Tap mode's back-pressure: while the requestor cannot take more, the upstream leg is not read.
    func channelWritabilityChanged(context: ChannelHandlerContext) {
        tap?.requestorWritabilityChanged(isWritable: context.channel.isWritable)
        context.fireChannelWritabilityChanged()
    }

    // MARK: - State machine

    /// Feeds one event to the state machine and executes the effects of the transition. Returns false for an
    /// empty cell (the state did not change).
    @discardableResult
    func fire(_ event: AssociationEvent, encoded: ByteBuffer) -> Bool {
        preEncoded = encoded
        defer { preEncoded = nil }
        return fire(event)
    }

    @discardableResult
    func fire(_ event: AssociationEvent) -> Bool {
        let before = machine.state
        guard let transition = machine.handle(event) else {
            logger.debug("\(event) has no entry in \(before)")
            return false
        }
        logger.trace("\(before) + \(event) → \(transition.action) → \(transition.nextState)")
        for effect in transition.effects {
            perform(effect, action: transition.action)
        }
        if machine.state == .sta1 {
            stopTimers()
        }
        return true
    }

    private func perform(_ effect: AssociationEffect, action: AssociationAction) {
        switch effect {
        case .startARTIM(let deadline):
            startARTIM(deadline: deadline)
        case .stopARTIM:
            artim?.cancel()
            artim = nil
        case .send(let pdu):
            send(pdu, action: action)
        case .sendPData(let pdus):
            write(pdus)
        case .indicate(let indication):
            indicate(indication)
        case .closeTransport:
            context?.close(promise: nil)
        case .connect:
            logger.debug("AE-1 on an accepted connection: ignored")
        case .ignorePDU:
            logger.debug("ignored a PDU in \(machine.state)")
        }
    }

    /// The A-RELEASE-RP is the same ten bytes on every association (PS3.8 §9.3.7): encoded once, written shared.
    private static let releaseRPBytes: ByteBuffer = {
        var buffer = ByteBuffer()
        AReleaseRP().encode(into: &buffer)
        return buffer
    }()

    private func send(_ pdu: PDU, action: AssociationAction) {
        var buffer: ByteBuffer
        if let preEncoded {
            buffer = preEncoded
            self.preEncoded = nil
        } else if case .releaseRP = pdu {
            buffer = Self.releaseRPBytes
        } else {
            buffer = (context?.channel.allocator ?? ByteBufferAllocator()).buffer(capacity: 256)
            do {
                try pdu.encode(into: &buffer)
            } catch {
                logger.error("cannot encode \(pdu.type): \(error)")
                return
            }
        }
        guard case .abort(let abort) = pdu else { return write(buffer) }
        writeNow(buffer)
        // AA-8 reports through its A-P-ABORT indication; AA-1 and AA-7 report here.
        if action != .aa8 {
            reportAbort(by: abort.source == 0 ? (machine.abortOrigin ?? .operator) : .engine, abort,
                        detail: abort.source == 0 ? nil : machine.abortDetail)
        }
    }

    private func indicate(_ indication: AssociationIndication) {
        switch indication {
        case .associateRequest(let rq):
            // The passcode of a user identity never reaches an event.
            let raw = receivedBytes.map {
                Array((rq.userInformation.userIdentityRQ == nil ? $0 : PasscodeMask.masked($0)).readableBytesView)
            }
            decision?.requestArrived(rq, raw: raw ?? [])
        case .pData(let pData):
            dataArrived(pData)
        case .releaseRequest:
            releaseRequested()
        case .releaseConfirmation:
            if let tap { return tap.releaseConfirmed() }
            publish(.released(Released(association: id, by: .engine, time: now, state: machine.state)))
        case .abort(let abort):
            reportAbort(by: .peer, abort, detail: nil)
            abandonWork()
        case .providerAbort(sent: let abort?):
            reportAbort(by: .engine, abort, detail: abort.source == 0 ? nil : machine.abortDetail)
            abandonWork()
        case .providerAbort(sent: nil):
            reportAbort(by: .transport, AAbort(source: 2), detail: "the peer closed the TCP connection without release")
            abandonWork()
        case .associateAccepted, .associateRejected:
            logger.debug("A-ASSOCIATE confirmation on an accepted connection: ignored")
        }
    }

    /// The `aborted` event: who ended the association, the A-ABORT's source and reason (PS3.8 Table 9-26) and,
    /// for one the provider sent, why.
    private func reportAbort(by origin: AbortedBy, _ abort: AAbort, detail: String?) {
        publish(.aborted(Aborted(association: id, by: origin, source: Int(abort.source), reason: Int(abort.reason),
                                 detail: detail, time: now, state: machine.state)))
    }

    // MARK: - Events

    /// Publishes an event about this association, in order; batched while a read is being processed.
    func publish(_ event: EngineEvent) {
        if inRead {
            pendingEvents.append(event)
        } else {
            engine.emit(event)
        }
    }

    func flushEvents() {
        guard !pendingEvents.isEmpty else { return }
        engine.emit(draining: &pendingEvents)
    }

    // MARK: - Output

    /// Writes; flushed at once unless a read is being processed (then at its end, or once
    /// `WriteBatching.flushThreshold` bytes wait: a relayed data set streams on).
    func write(_ buffer: ByteBuffer) {
        guard let context else { return }
        guard inRead else { return context.writeAndFlush(NIOAny(buffer), promise: nil) }
        unflushedBytes += buffer.readableBytes
        context.write(NIOAny(buffer), promise: nil)
        if unflushedBytes >= WriteBatching.flushThreshold { flush() }
    }

    /// Flushes what `write` held back.
    private func flush() {
        unflushedBytes = 0
        context?.flush()
    }

    /// Writes and flushes at once (A-ABORT, answers to commands that did not come from a read).
    func writeNow(_ buffer: ByteBuffer) {
        context?.writeAndFlush(NIOAny(buffer), promise: nil)
    }

    // MARK: - Timers

    private func startARTIM(deadline: NIODeadline) {
        artim?.cancel()
        guard let loop = context?.eventLoop else { return }
        let bound = NIOLoopBound(self, eventLoop: loop)
        artim = loop.scheduleTask(deadline: deadline) {
            let handler = bound.value
            handler.logger.info("ARTIM expired in \(handler.machine.state)")
            if handler.machine.state == .sta2 {
                handler.publish(.transportFailed(TransportFailed(
                    association: handler.id, peer: handler.peer,
                    reason: "no A-ASSOCIATE-RQ within \(handler.engine.options.artimTimeout) s (ARTIM)",
                    time: handler.now, state: .sta1)))
            }
            handler.fire(.artimExpired)
        }
    }

    func stopTimers() {
        artim?.cancel()
        artim = nil
        decision?.stop()
    }

    // MARK: - End

    private func finishConnection() {
        stopTimers()
        abandonWork()
        guard lifecycle.close() else { return }
        flushEvents()
        settle()
    }

    /// Publishes `connection-closed` and lets the engine forget the connection when `AssociationLifecycle` says so.
    func settle() {
        let due = lifecycle.due(copiesFinishing: tap?.copiesFinishing ?? 0, busy: dimse?.isBusy == true)
        if due.publishClosed {
            engine.emit(.connectionClosed(ConnectionClosed(association: id, time: now, state: .sta1)))
        }
        if due.forget { engine.unregister(id) }
    }

}

/// What the association's `DIMSEProvider` and, tapped, its `TapRelay` reach this leg through.
extension AssociationHandler: TapRequestorLeg {
    var association: Int { id }
    var legState: AssociationState { machine.state }
    var isWritable: Bool { context?.channel.isWritable ?? true }

    func flushRelayed() {
        guard !inRead else { return }
        flush()
        flushEvents()
    }

    func setReading(_ reading: Bool) {
        context?.channel.setOption(ChannelOptions.autoRead, value: reading).whenComplete { _ in }
    }

    func abortInvalid(reason: UInt8, detail: String) {
        discardInput = true
        fire(.invalidPDU(reason: reason, detail: detail))
    }

    func copiesFinished() { settle() }
}
