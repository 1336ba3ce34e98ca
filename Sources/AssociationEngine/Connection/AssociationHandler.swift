import AssociationEvents
import DICOMUpperLayer
import Foundation
import Logging
import NIOCore

/// One TCP connection: frames PDUs, drives the acceptor `AssociationStateMachine`, and executes the effects it
/// returns (send a PDU, start or stop ARTIM, publish an event, close). Everything here runs on the connection's event
/// loop; commands from the engine arrive through `ConnectionHandle.execute`.
final class AssociationHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    let engine: AssociationEngine
    var logger: Logger
    var machine = AssociationStateMachine()
    var id = 0
    var peer = "?"
    var context: ChannelHandlerContext?

    // Framing
    var framer: PDUFramer
    var inbound: ByteBuffer?
    /// After a decode error the rest of the byte stream cannot be framed; it is dropped until the close.
    var discardInput = false

    // Timers
    var artim: Scheduled<Void>?
    var decisionDeadline: Scheduled<Void>?

    // Sta3: the held request
    var request: HeldRequest? {
        didSet {
            if (oldValue == nil) != (request == nil) {
                let change = request == nil ? -1 : 1
                engine.liveCounts.withLockedValue { $0.heldRequests += change }
            }
        }
    }
    // Sta6: what was agreed
    var negotiated: NegotiatedAssociation?
    var dimse: DIMSEProcessor?

    /// Outgoing PDUs waiting for the effect that sends them.
    var pendingOutput: [ByteBuffer] = []
    /// Source and reason of the last A-ABORT we sent, for the `aborted` event.
    var lastAbortDetail: String?
    /// Who asked for a service-user A-ABORT ("operator", or "shutdown").
    var abortOrigin: AbortedBy?
    var pendingAbort: (UInt8, UInt8)?
    var currentAction: AssociationAction?
    var closedReported = false
    var shuttingDown = false
    /// Set when the A-ASSOCIATE-RQ arrived: from then on the connection is no longer silent and never evicted.
    var requestReceived = false
    /// True while `channelRead` runs: writes are flushed once in `channelReadComplete`.
    var inRead = false
    /// An A-RELEASE-RQ arrived while a C-STORE was being written; answer when it is done.
    var releaseAfterStores = false
    var shutdownTimer: Scheduled<Void>?
    /// Events produced while a read is processed, handed to the engine together in `channelReadComplete`: one
    /// consumer wake-up per read instead of one per event.
    var pendingEvents: [EngineEvent] = []
    /// Store files still being removed or completed after the connection closed: the engine only forgets the
    /// connection (and a graceful stop only ends) when they are done.
    var sinkAbortsInFlight = 0
    var unregisterPending = false

    // DICOM TLS (PS3.15 Annex B): see AssociationHandler+TLS.swift
    /// On the TLS port: the transport connection opens for DICOM only when the handshake has finished.
    let isTLS: Bool
    var tlsFacts: TLSFacts?
    var firstBytesChecked = false

    init(engine: AssociationEngine, tls: Bool = false) {
        self.engine = engine
        self.isTLS = tls
        self.logger = engine.logger
        self.framer = PDUFramer(limits: PDULimits(maxDataTFLength: engine.proposalBuilder.maxPDULength))
        engine.liveCounts.withLockedValue { $0.handlers += 1 }
    }

    deinit {
        let held = request == nil ? 0 : 1
        engine.liveCounts.withLockedValue { $0.handlers -= 1; $0.heldRequests -= held }
    }

    var now: Date { Date() }
    var stateName: String { machine.state.description }

    // MARK: - Channel events

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    /// The context holds this handler strongly, so keeping it past removal is a reference cycle: the handler, its
    /// context, its pipeline and everything the handler holds (about 7 KB) would outlive every connection.
    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    func channelActive(context: ChannelHandlerContext) {
        let handle = ConnectionHandle(eventLoop: context.eventLoop,
                                      handler: NIOLoopBound(self, eventLoop: context.eventLoop))
        peer = context.remoteAddress.map(Self.describe) ?? "?"
        let registration = engine.register(handle, peerAddress: context.remoteAddress?.ipAddress ?? peer)
        id = registration.id
        logger[metadataKey: "association"] = "\(id)"
        logger.debug("connection from \(peer)")
        if !isTLS {
            transportConnected(context: context)
        }
        if registration.stopping {
            context.close(promise: nil)
        }
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var bytes = unwrapInboundIn(data)
        guard !discardInput else { return }
        if !firstBytesChecked, refuseWrongProtocolOnPlainPort(bytes) { return }
        inRead = true
        defer { inRead = false }
        if inbound == nil || inbound?.readableBytes == 0 {
            inbound = bytes
        } else {
            inbound?.writeBuffer(&bytes)
        }
        while var buffer = inbound, !discardInput {
            let pdu: PDU?
            do {
                pdu = try framer.nextPDU(from: &buffer)
                inbound = buffer
            } catch {
                inbound = nil
                discardInput = true
                protocolError(error)
                break
            }
            guard let pdu else { break }
            received(pdu)
        }
        if let buffer = inbound, buffer.readerIndex > 65_536 {
            inbound?.discardReadBytes()
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        context.flush()
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

    // MARK: - PDUs in

    func received(_ pdu: PDU) {
        switch pdu {
        case .associateRQ(let rq):
            // The passcode of a user identity never reaches an event.
            let raw = framer.lastAssociateRQBytes.map {
                Self.bytes(rq.userInformation.userIdentityRQ == nil ? $0 : PasscodeMask.masked($0))
            }
            fire(.associateRQReceived, request: rq, raw: raw ?? [])
        case .associateAC:
            fire(.associateACReceived)
        case .associateRJ:
            fire(.associateRJReceived)
        case .dataTF(let pData):
            fire(.pDataTFReceived, pData: pData)
        case .releaseRQ:
            fire(.releaseRQReceived)
        case .releaseRP:
            fire(.releaseRPReceived)
        case .abort(let abort):
            fire(.abortReceived, peerAbort: abort)
        }
    }

    func protocolError(_ error: UpperLayerError) {
        logger.info("protocol error: \(error)")
        lastAbortDetail = error.description
        fire(.invalidPDU(reason: error.abortReason))
    }

    // MARK: - State machine

    /// Feeds one event to the state machine and runs the effects of the transition. Returns false for an empty
    /// cell (the state did not change).
    @discardableResult
    func fire(_ event: AssociationEvent, request rq: AAssociateRQ? = nil, raw: [UInt8] = [], pData: PDataTF? = nil,
              peerAbort: AAbort? = nil) -> Bool {
        let before = machine.state
        guard let transition = machine.handle(event) else {
            logger.debug("\(event) has no entry in \(before)")
            return false
        }
        logger.trace("\(before) + \(event) → \(transition.action) → \(transition.nextState)")
        currentAction = transition.action
        for effect in transition.effects {
            perform(effect, event: event, request: rq, raw: raw, pData: pData, peerAbort: peerAbort)
        }
        if machine.state == .sta1 {
            stopTimers()
        }
        return true
    }

    private func perform(_ effect: AssociationEffect, event: AssociationEvent, request rq: AAssociateRQ?,
                         raw: [UInt8], pData: PDataTF?, peerAbort: AAbort?) {
        switch effect {
        case .startARTIM:
            startARTIM()
        case .stopARTIM:
            artim?.cancel()
            artim = nil
        case .indicateAssociateRequest:
            if let rq { associateRequestArrived(rq, raw: raw) }
        case .sendAssociateAC, .sendAssociateRJ, .sendPDataTF, .sendReleaseRP, .sendReleaseRQ:
            flushPendingOutput()
        case .indicatePData:
            if let pData { dataArrived(pData) }
        case .indicateReleaseRequest:
            publish(.releaseRequested(ReleaseRequested(association: id, time: now, state: machine.state)))
            releaseRequested()
        case .confirmRelease:
            publish(.released(Released(association: id, by: .engine, time: now, state: machine.state)))
        case .sendAbort(let source, let reason):
            if let abort = try? PDU.abort(AAbort(source: source, reason: reason)).encoded(allocator: allocator) {
                writeNow(abort)
            }
            pendingAbort = (source, reason)
            // AA-8 reports through its A-P-ABORT indication below; AA-1 and AA-7 report here.
            if currentAction != .aa8 {
                reportAbort(by: source == 0 ? (abortOrigin ?? .operator) : .engine, source: source, reason: reason)
            }
        case .indicateAbort:
            let source = Int(peerAbort?.source ?? 0), reason = Int(peerAbort?.reason ?? 0)
            publish(.aborted(Aborted(association: id, by: .peer, source: source, reason: reason,
                                         time: now, state: machine.state)))
            abandonWork()
        case .indicateProviderAbort:
            if event == .transportClosed {
                publish(.aborted(Aborted(association: id, by: .transport, source: 2, reason: 0,
                                             detail: "the peer closed the TCP connection without release",
                                             time: now, state: machine.state)))
            } else {
                let (source, reason) = pendingAbort ?? (2, 0)
                reportAbort(by: .engine, source: source, reason: reason)
            }
            abandonWork()
        case .closeTransport:
            context?.close(promise: nil)
        case .ignorePDU:
            logger.debug("ignored a PDU in \(stateName)")
        }
    }

    private func reportAbort(by origin: AbortedBy, source: UInt8, reason: UInt8) {
        publish(.aborted(Aborted(association: id, by: origin, source: Int(source), reason: Int(reason),
                                     detail: source == 0 ? nil : lastAbortDetail, time: now, state: machine.state)))
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
        for event in pendingEvents { engine.emit(event) }
        pendingEvents.removeAll(keepingCapacity: true)
    }

    // MARK: - Output

    var allocator: ByteBufferAllocator { context?.channel.allocator ?? ByteBufferAllocator() }

    func queue(_ buffer: ByteBuffer) {
        pendingOutput.append(buffer)
    }

    private func flushPendingOutput() {
        guard let context else { pendingOutput.removeAll(); return }
        for buffer in pendingOutput {
            context.write(NIOAny(buffer), promise: nil)
        }
        pendingOutput.removeAll(keepingCapacity: true)
    }

    /// Writes and flushes at once (A-ABORT, answers to commands that did not come from a read).
    func writeNow(_ buffer: ByteBuffer) {
        context?.writeAndFlush(NIOAny(buffer), promise: nil)
    }

    // MARK: - Timers

    private func startARTIM() {
        artim?.cancel()
        guard let loop = context?.eventLoop else { return }
        let timeout = TimeAmount.clamping(seconds: engine.options.artimTimeout)
        let bound = NIOLoopBound(self, eventLoop: loop)
        artim = loop.scheduleTask(in: timeout) {
            let handler = bound.value
            handler.logger.info("ARTIM expired in \(handler.stateName)")
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
        decisionDeadline?.cancel()
        decisionDeadline = nil
    }

    // MARK: - End

    private func finishConnection() {
        stopTimers()
        abandonWork()
        guard !closedReported else { return }
        closedReported = true
        flushEvents()
        engine.emit(.connectionClosed(ConnectionClosed(association: id, time: now, state: .sta1)))
        unregisterPending = true
        unregisterIfDone()
    }

    func unregisterIfDone() {
        guard unregisterPending, sinkAbortsInFlight == 0, (dimse?.storesInProgress ?? 0) == 0 else { return }
        unregisterPending = false
        engine.unregister(id)
    }

    static func describe(_ address: SocketAddress) -> String {
        if let ip = address.ipAddress, let port = address.port {
            return address.protocol == .inet6 ? "[\(ip)]:\(port)" : "\(ip):\(port)"
        }
        return "\(address)"
    }

    static func bytes(_ buffer: ByteBuffer) -> [UInt8] {
        Array(buffer.readableBytesView)
    }
}
