import AssociationEvents
import DICOMUpperLayer
import NIOCore

/// The requestor's side of one association on its client channel: frames the acceptor's PDUs, feeds them to an
/// `AssociationStateMachine` in the requestor role and executes the effects it returns. `AssociationRequestor`
/// drives it with the local primitives (P-DATA, A-RELEASE, A-ABORT requests) on the channel's event loop and waits
/// on the promises it completes: the A-ASSOCIATE confirmation, the response to the one outstanding DIMSE request
/// (an asynchronous operations window of 1, PS3.7 D.3.3.3), the A-RELEASE confirmation.
///
/// In tap mode the same handler drives the upstream leg, and `relay` receives the indications instead (see
/// `UpstreamRelay`): P-DATA is relayed PDV by PDV rather than reassembled, and releases are relayed rather than
/// answered here.
final class RequestorChannelHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private(set) var machine: AssociationStateMachine
    private var framing: InboundFraming
    /// The bytes of the PDU whose event is being handled, as received (header included): an A-ASSOCIATE-AC's or
    /// -RJ's for the Raw tab (PS3.8 §9.3.3, §9.3.4), a P-DATA-TF's for the tap to relay.
    private var receivedBytes: ByteBuffer?
    private var reassembler = MessageReassembler()
    private var context: ChannelHandlerContext?
    private var artim: Scheduled<Void>?
    private var discardInput = false

    let established: EventLoopPromise<AAssociateAC>
    private var response: (messageID: UInt16, promise: EventLoopPromise<DIMSECommand>)?
    private var released: EventLoopPromise<Void>?
    /// Why the association ended without release, for whoever waits next.
    private var failure: AssociationRequestorError?
    private var confirmed = false
    /// The tap's downstream handler, when this is the upstream leg of a tapped association.
    weak var relay: (any UpstreamRelay)?
    /// Runs once when the handler leaves its pipeline (the tap counts its upstream legs with it).
    var onRemoved: (() -> Void)?
    /// True while `relayData` runs: its PDUs are written, and flushed once per read of the other leg, or as soon
    /// as `WriteBatching.flushThreshold` bytes wait.
    private var relaying = false
    private var relayedUnflushed = 0

    /// `machine` has taken Evt1 (AE-1: the connection is being opened); `maximumLength` is what we receive.
    init(machine: AssociationStateMachine, maximumLength: UInt32, eventLoop: any EventLoop) {
        self.machine = machine
        self.framing = InboundFraming(
            limits: PDULimits(maxDataTFLength: maximumLength == 0 ? .max : maximumLength), plainPort: false)
        self.established = eventLoop.makePromise()
    }

    // MARK: - Channel events

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        let loop = context.eventLoop
        machine.clock = AssociationClock { loop.now }
    }

    /// Also the end of a connection that never opened: whoever waits for the confirmation learns it.
    func handlerRemoved(context: ChannelHandlerContext) {
        finish(with: failure ?? .connectionClosed)
        self.context = nil
        onRemoved?()
        onRemoved = nil
    }

    /// Evt2: the transport connection is open (AE-2 sends the A-ASSOCIATE-RQ).
    func channelActive(context: ChannelHandlerContext) {
        fire(.transportConnectConfirm)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var read = unwrapInboundIn(data)
        guard !discardInput else { return }
        while !discardInput {
            do throws(UpperLayerError) {
                guard case .frame(let frame) = try framing.next(from: &read, allocator: context.channel.allocator)
                else { break }
                let pdu = try frame.decode()
                receivedBytes = frame.raw
                fire(AssociationEvent(received: pdu))
                receivedBytes = nil
            } catch {
                discardInput = true
                fire(.invalidPDU(reason: error.abortReason, detail: error.description))
            }
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        if machine.state != .sta1 { fire(.transportClosed) }
        artim?.cancel()
        finish(with: failure ?? .connectionClosed)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        failure = failure ?? .connectionFailed("\(error)")
        context.close(promise: nil)
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        relay?.upstreamWritabilityChanged(isWritable: context.channel.isWritable)
        context.fireChannelWritabilityChanged()
    }

    /// Evt9 for PDUs relayed from the tap's other leg, already fragmented for this leg: written and flushed,
    /// nobody waits. False when the state allows no P-DATA (PS3.8 Table 9-10: Sta6, or Sta8 for AR-7).
    func relayData(_ pdus: ByteBuffer) -> Bool {
        pendingWrite = nil
        relaying = true
        defer { relaying = false }
        return fire(.pDataRequest(pdus))
    }

    /// Flushes what `relayData` wrote (the other leg's read is complete): one flush per read, not per PDU.
    func flushRelayed() {
        guard relayedUnflushed > 0 else { return }
        relayedUnflushed = 0
        context?.flush()
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        relay?.upstreamReadComplete()
        context.fireChannelReadComplete()
    }

    /// Evt11 without a promise (the tap waits for `UpstreamRelay.upstreamReleaseConfirmed`); false when the
    /// state has no such transition.
    func requestRelease() -> Bool { fire(.releaseRequest) }

    /// Evt14: the local A-RELEASE response (AR-4 in Sta8, AR-9 in Sta9) once the tap's other leg agreed.
    @discardableResult
    func answerRelease() -> Bool { fire(.releaseResponse) }

    /// The machine's state, for the tap's release collision handling (PS3.8 §9.2, Sta9 / Sta11).
    var state: AssociationState { machine.state }

    // MARK: - Local primitives

    /// Evt9: sends one request's P-DATA-TF PDUs; with `expectingResponseTo`, waits for the response to that
    /// Message ID. Returns the write's future, so a caller streaming a data set sends no faster than the socket.
    func send(_ pdus: ByteBuffer, expectingResponseTo messageID: UInt16?,
              response promise: EventLoopPromise<DIMSECommand>?) -> EventLoopFuture<Void>? {
        if let messageID, let promise {
            if let failure {
                promise.fail(failure)
                return nil
            }
            response = (messageID, promise)
        }
        let write = context?.eventLoop.makePromise(of: Void.self)
        pendingWrite = write
        guard fire(.pDataRequest(pdus)) else {
            pendingWrite = nil
            let error = AssociationRequestorError.notAllowed("P-DATA request in \(machine.state)")
            write?.fail(error)
            if let promise, messageID != nil { response = nil; promise.fail(error) }
            return write?.futureResult
        }
        return write?.futureResult
    }

    private var pendingWrite: EventLoopPromise<Void>?

    /// Evt11: asks to release; `promise` completes with the A-RELEASE confirmation.
    func release(_ promise: EventLoopPromise<Void>) {
        released = promise
        if !fire(.releaseRequest) {
            released = nil
            promise.fail(failure ?? AssociationRequestorError.notAllowed("A-RELEASE request in \(machine.state)"))
        }
    }

    /// Evt15: aborts (A-ABORT source 0, AA-1), or closes the connection being opened (AA-2).
    func abort(origin: AbortedBy) {
        failure = failure ?? .aborted(AAbort(source: AAbort.Source.serviceUser))
        if !fire(.abortRequest(origin: origin)) {
            context?.close(promise: nil)
        }
    }

    // MARK: - The machine

    @discardableResult
    private func fire(_ event: AssociationEvent) -> Bool {
        guard let transition = machine.handle(event) else { return false }
        for effect in transition.effects {
            perform(effect)
        }
        return true
    }

    private func perform(_ effect: AssociationEffect) {
        switch effect {
        case .connect:
            break  // AE-1 is the bootstrap's connect, issued before this handler saw the channel.
        case .send(let pdu):
            var buffer = context?.channel.allocator.buffer(capacity: 256) ?? ByteBuffer()
            do {
                try pdu.encode(into: &buffer)
            } catch {
                failure = failure ?? .invalidMessage("cannot encode \(pdu.type): \(error)")
                context?.close(promise: nil)
                return
            }
            context?.writeAndFlush(NIOAny(buffer), promise: nil)
        case .sendPData(let pdus):
            let write = pendingWrite
            pendingWrite = nil
            if relaying, let context {
                relayedUnflushed += pdus.readableBytes
                context.write(NIOAny(pdus), promise: nil)
                if relayedUnflushed >= WriteBatching.flushThreshold { flushRelayed() }
            } else if let context {
                context.writeAndFlush(NIOAny(pdus), promise: write)
            } else {
                write?.fail(AssociationRequestorError.connectionClosed)
            }
        case .startARTIM(let deadline):
            artim?.cancel()
            guard let loop = context?.eventLoop else { return }
            let bound = NIOLoopBound(self, eventLoop: loop)
            artim = loop.scheduleTask(deadline: deadline) { bound.value.fire(.artimExpired) }
        case .stopARTIM:
            artim?.cancel()
            artim = nil
        case .indicate(let indication):
            indicate(indication)
        case .closeTransport:
            context?.close(promise: nil)
        case .ignorePDU:
            break
        }
    }

    private func indicate(_ indication: AssociationIndication) {
        switch indication {
        case .associateAccepted(let ac):
            reassembler.acceptedPresentationContextIDs = Set(
                ac.presentationContexts.filter { $0.result == .acceptance }.map(\.id))
            confirmed = true
            established.succeed(ac)
            let raw = receivedBytes.map { Array($0.readableBytesView) }
            relay?.upstreamAnswered(.accepted(ac, raw: raw))
        case .associateRejected(let rj):
            failure = .rejected(rj)
            confirmed = true
            established.fail(AssociationRequestorError.rejected(rj))
            let raw = receivedBytes.map { Array($0.readableBytesView) }
            relay?.upstreamAnswered(.rejected(rj, raw: raw))
        case .pData(let pData):
            if let relay { relay.upstreamData(pData, asReceived: receivedBytes) } else { received(pData) }
        case .releaseRequest where relay != nil:
            relay?.upstreamReleaseRequested()
        case .releaseConfirmation where relay != nil:
            relay?.upstreamReleaseConfirmed()
        case .releaseRequest:
            // The acceptor asked to release (AR-2), or both did at once (AR-8 → Sta9): a requestor with nothing
            // outstanding answers at once (AR-4 / AR-9, PS3.8 §7.2.2).
            fire(.releaseResponse)
        case .releaseConfirmation:
            released?.succeed(())
            released = nil
        case .abort(let abort):
            failure = .aborted(abort)
            finish(with: .aborted(abort))
            relay?.upstreamAborted(abort, detail: "the upstream sent an A-ABORT")
        case .providerAbort(let sent):
            let error = sent.map(AssociationRequestorError.aborted) ?? .connectionClosed
            failure = failure ?? error
            finish(with: failure ?? error)
            relay?.upstreamAborted(sent, detail: sent == nil ? "the upstream closed the TCP connection without release"
                                                             : "assocmon aborted the upstream leg: \(machine.abortDetail ?? "protocol error")")
        case .associateRequest:
            break  // AE-6 is an acceptor's action; the requestor's machine never meets Evt6 in Sta2.
        }
    }

    /// A response to the outstanding request; pending responses (0xFF00/0xFF01) are not final and are skipped.
    private func received(_ pData: PDataTF) {
        for pdv in pData.values {
            let event: MessageReassembler.Event?
            do {
                event = try reassembler.receive(pdv)
            } catch {
                discardInput = true
                fire(.invalidPDU(reason: error.abortReason, detail: error.description))
                return
            }
            guard case .command(let command, _, _)? = event,
                  let pending = response, command.messageIDBeingRespondedTo == pending.messageID,
                  command.status?.category != .pending else { continue }
            response = nil
            pending.promise.succeed(command)
        }
    }

    /// Fails whoever still waits.
    private func finish(with error: AssociationRequestorError) {
        if !confirmed {
            confirmed = true
            established.fail(error)
        }
        if let pending = response {
            response = nil
            pending.promise.fail(error)
        }
        if let released {
            self.released = nil
            released.fail(error)
        }
        pendingWrite?.fail(error)
        pendingWrite = nil
    }
}
