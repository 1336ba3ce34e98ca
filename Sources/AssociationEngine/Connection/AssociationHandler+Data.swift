import AssociationEvents
import DICOMDataSet
import DICOMUpperLayer
import Foundation
import NIOCore

/// Sta6–Sta8: DIMSE messages on an established association (PS3.8 §9.2 DT-1/DT-2/AR-7; PS3.7 §9.3, Annex E).
extension AssociationHandler {
    /// DT-2 / AR-6: a P-DATA-TF arrived; its PDVs go through the DIMSE processor, and each whole request to its
    /// service.
    func dataArrived(_ pData: PDataTF) {
        if let tap { return tap.relayFromRequestor(pData) }
        guard let negotiated else { return }
        if dimse == nil {
            let services: [any DIMSEService] = [VerificationService(), StorageService(storage: engine.storage)]
            dimse = DIMSEProcessor(acceptedContextIDs: Set(negotiated.contexts.keys),
                                   services: services + (engine.findService.map { [FindSCPService(find: $0)] } ?? []))
        }
        for pdv in pData.values {
            guard let step = dimse?.receive(pdv, on: negotiated, at: now) else { return }
            if let sink = step.pause { pauseReading(until: sink) }
            switch step.outcome {
            case .complete(let message, let dataSet):
                publishReceived(message.command, contextID: message.contextID, bytes: message.dataBytes,
                                dataSet: dataSet, contents: message.contents, reader: message.dataSetReader)
                dispatch(message)
            case .invalid(let problem, let reason, let command, let contextID):
                if let command { publishReceived(command, contextID: contextID, bytes: 0) }
                failData(problem, reason: reason)
                return
            case nil:
                break
            }
            guard machine.state == .sta6 || machine.state == .sta7 || machine.state == .sta8 else { return }
        }
    }

    /// Evt19 → AA-8: A-ABORT source 2 with `reason`, and the explanation in the `aborted` event.
    private func failData(_ message: String, reason: UInt8) {
        logger.info("\(message)")
        abortInvalid(reason: reason, detail: message)
    }

    /// A whole request: to its service, whose answer goes out through Evt9; an unknown one gets a failure status.
    private func dispatch(_ message: InFlightMessage) {
        let command = message.command
        let field = command.commandField
        if field == .cCancelRQ {
            dimse?.cancel(command)  // C-CANCEL has no response (PS3.7 §9.3.2.3).
            return
        }
        if field.isResponse {
            logger.info("ignored \(field) (we never send requests)")
            return
        }
        guard let service = dimse?.service(for: field, abstractSyntax: message.context.abstractSyntax) else {
            // We implement no other service: "SOP class not supported" when the command names another SOP class
            // than the context's, "unrecognized operation" otherwise (PS3.7 Annex C).
            let status: UInt16 = command.sopClassUID.map { $0 != message.context.abstractSyntax } == true
                ? 0x0122 : 0x0211
            return respond(to: message, status: DIMSEStatus(rawValue: status),
                           comment: "assocmon implements Verification, Storage and C-FIND only")
        }
        dimse?.storesInProgress += 1
        whenAnswered(service, message) { handler, answer in
            handler.dimse?.storesInProgress -= 1
            defer { handler.unregisterIfDone() }
            if let stored = answer.stored {
                if stored.path != nil, let indexed = message.dataSetReader?.elements {
                    handler.engine.findService?.index.add(elements: indexed)
                }
                let ticket = max(handler.dimse?.durabilityTicket ?? 0, stored.durabilityTicket)
                handler.dimse?.durabilityTicket = ticket
                handler.publish(.stored(Stored(
                    association: handler.id, sopClassUID: command.affectedSOPClassUID ?? "",
                    sopInstanceUID: command.affectedSOPInstanceUID ?? "", path: stored.path,
                    bytes: stored.bytes, time: handler.now, state: handler.machine.state)))
            } else if let comment = answer.comment, answer.status.category == .failure, field != .cFindRQ {
                // A C-FIND the identifier cannot answer is the requestor's problem; its status says why.
                handler.logger.error("\(field) \(command.affectedSOPInstanceUID ?? "?") failed: \(comment)")
            }
            handler.send(answer, to: message, from: service)
            handler.storeFinished()
        }
    }

    /// Sends a service's answer. A Pending one (PS3.7 §9.1.2.1.6: a C-FIND match) goes out only in Sta6, and the
    /// service's next answer follows on a later turn of the event loop — 5 ms later while the channel is not
    /// writable (the peer reads slower than we match) — so a C-CANCEL-RQ read meanwhile is seen in time.
    private func send(_ answer: DIMSEAnswer, to message: InFlightMessage, from service: any DIMSEService) {
        guard answer.status.category == .pending else {
            return respond(to: message, status: answer.status, comment: answer.comment)
        }
        guard machine.state == .sta6, let channel = context?.channel else { return }
        respond(to: message, status: answer.status, identifier: answer.identifier)
        let bound = NIOLoopBound((self, service, message), eventLoop: channel.eventLoop)
        let next = { @Sendable in
            let (handler, service, message) = bound.value
            guard let answer = service.nextAnswer() else { return }
            handler.send(answer, to: message, from: service)
        }
        if channel.isWritable {
            channel.eventLoop.execute(next)
        } else {
            channel.eventLoop.scheduleTask(in: .milliseconds(5), next)
        }
    }

    /// Back-pressure: the sink has fallen behind, so the channel stops reading (TCP carries it to the peer) until
    /// the sink has caught up.
    private func pauseReading(until sink: any DataSetSink) {
        guard !readingPaused, let channel = context?.channel else { return }
        readingPaused = true
        channel.setOption(ChannelOptions.autoRead, value: false).whenComplete { _ in }
        let bound = NIOLoopBound(self, eventLoop: channel.eventLoop)
        let loop = channel.eventLoop
        sink.whenCaughtUp {
            loop.execute {
                bound.value.readingPaused = false
                channel.setOption(ChannelOptions.autoRead, value: true).whenComplete { _ in }
            }
        }
    }

    /// Runs `completion` on the event loop once `service` has answered: at once when it answered on the loop
    /// (Verification, the discarding sink), otherwise when the loop next runs (a file written).
    private func whenAnswered(_ service: any DIMSEService, _ message: InFlightMessage,
                              _ completion: @escaping (AssociationHandler, DIMSEAnswer) -> Void) {
        guard let loop = context?.eventLoop else {
            message.sink?.abort {}
            return
        }
        let bound = NIOLoopBound((self, completion), eventLoop: loop)
        service.answer(message) { answer in
            if loop.inEventLoop {
                let (handler, completion) = bound.value
                completion(handler, answer)
            } else {
                loop.execute {
                    let (handler, completion) = bound.value
                    completion(handler, answer)
                }
            }
        }
    }

    /// Encodes the response command set, and its data set if any (a C-FIND match's identifier, in the context's
    /// transfer syntax), and sends it through Evt9 (DT-1 in Sta6, AR-7 in Sta8).
    func respond(to message: InFlightMessage, status: DIMSEStatus, comment: String? = nil,
                 identifier: AttributeSet? = nil) {
        guard let negotiated, context != nil else { return }
        let response: CommandSet
        do {
            response = try message.command.response(status: status, errorComment: comment,
                                                    hasDataSet: identifier != nil)
        } catch {
            logger.info("cannot answer \(message.command.commandField): \(error)")
            return
        }
        let encoding = DataSetEncoding(transferSyntaxUID: message.context.transferSyntax) ?? .implicitVRLittleEndian
        let dataSet = identifier?.encoded(encoding)
        var pdus = allocator.buffer(capacity: 256 + (dataSet?.readableBytes ?? 0))
        do {
            try negotiated.fragmenter.encodeMessage(command: response, dataSet: dataSet,
                                                    presentationContextID: message.contextID, into: &pdus)
        } catch {
            logger.error("cannot fragment the \(message.command.commandField) response: \(error)")
            return
        }
        guard fire(.pDataRequest(pdus)) else { return }
        // The response's Command Field is the request's with bit 15 set (PS3.7 §9.3, §10.3); `response(status:)`
        // just wrote it, so it is not read back from the command set.
        let responseField = message.command.commandField.response
        publish(.dimse(DIMSEMessage(
            association: id, direction: .sent, command: responseField?.name ?? "response",
            commandField: Int(responseField?.rawValue ?? 0), messageID: nil,
            messageIDBeingRespondedTo: message.command.messageID.map(Int.init),
            presentationContext: Int(message.contextID), affectedSOPClassUID: message.command.sopClassUID,
            affectedSOPInstanceUID: message.command.affectedSOPInstanceUID, status: Int(status.rawValue),
            bytes: dataSet?.readableBytes ?? 0, durationMilliseconds: now.timeIntervalSince(message.receivedAt) * 1000,
            time: now, state: machine.state,
            identifier: identifier.flatMap { MessageContents(command: .cFindRSP, attributes: $0).identifier })))
    }

    /// The `dimse` event of a received message, with the reassembler's findings about it (PS3.8 Annex E, PS3.7
    /// §6.3.1), if any.
    private func publishReceived(_ command: DIMSECommand, contextID: UInt8, bytes: Int,
                                 dataSet: DataSetSummary? = nil, contents: MessageContents? = nil,
                                 reader: DataSetReader? = nil) {
        let findings = dimse?.findings.isEmpty == false ? dimse?.findings.take() : nil
        var message = DIMSEMessage(
            association: id, direction: .received, command: command.commandField.name ?? "\(command.commandField)",
            commandField: Int(command.commandField.rawValue), messageID: command.messageID.map(Int.init),
            messageIDBeingRespondedTo: command.messageIDBeingRespondedTo.map(Int.init),
            presentationContext: Int(contextID), affectedSOPClassUID: command.sopClassUID,
            affectedSOPInstanceUID: command.sopInstanceUID, status: command.status.map { Int($0.rawValue) },
            bytes: bytes, durationMilliseconds: nil, time: now, state: machine.state, findings: findings,
            dataSet: dataSet)
        contents?.apply(to: &message)
        if engine.options.listsMessageElements {
            (message.elements, message.elementsNotListed) = MessageElements.list(command: command.commandSet,
                                                                                  dataSet: reader)
        }
        publish(.dimse(message))
    }

    // MARK: - Release (AR-2 → AR-4)

    /// The peer asked to release. Answer at once unless a C-STORE is still being written: its response must go out
    /// first (AR-7 allows P-DATA in Sta8), then the A-RELEASE-RP.
    func releaseRequested() {
        if (dimse?.storesInProgress ?? 0) > 0 {
            releaseAfterStores = true
            return
        }
        releaseWhenDurable()
    }

    /// With `StorageSyncMode.release` the A-RELEASE-RP (PS3.8 §7.2) is the durability promise: it goes out only
    /// once the flusher reports every file this association stored on stable storage, so a requestor that saw its
    /// release answered has lost nothing even on power loss. The event loop never waits: the flusher calls back.
    /// A failed flush cannot keep that promise: the association is aborted (A-ABORT source 2, reason 0) instead.
    func releaseWhenDurable() {
        let ticket = dimse?.durabilityTicket ?? 0
        guard ticket > 0, let flusher = engine.storage?.flusher, flusher.durableTicket < ticket,
              let loop = context?.eventLoop else {
            return sendReleaseResponse()
        }
        releaseAfterStores = false
        let bound = NIOLoopBound(self, eventLoop: loop)
        flusher.whenDurable(ticket) { error in
            loop.execute {
                let handler = bound.value
                guard handler.machine.state == .sta8 else { return }
                if let error {
                    let message = "cannot make the stored files durable: \(String(cString: strerror(error)))"
                        + " (errno \(error)); the association is aborted instead of released"
                    handler.logger.error("\(message)")
                    handler.discardInput = true
                    handler.fire(.invalidPDU(reason: 0, detail: message))
                } else {
                    handler.sendReleaseResponse()
                }
            }
        }
    }

    func sendReleaseResponse() {
        releaseAfterStores = false
        if fire(.releaseResponse) {
            publish(.released(Released(association: id, by: .peer, time: now, state: machine.state)))
        }
    }

    private func storeFinished() {
        if releaseAfterStores, (dimse?.storesInProgress ?? 0) == 0, machine.state == .sta8 {
            releaseWhenDurable()
        }
        if shuttingDown, (dimse?.storesInProgress ?? 0) == 0 {
            beginShutdownOfEstablished()
        }
    }

    /// Shutdown of an established association: once no store is running, abort it (source 0); a running store
    /// gets `shutdownGrace` seconds first.
    func beginShutdownOfEstablished() {
        guard machine.state != .sta13, machine.state != .sta1 else { return }
        if (dimse?.storesInProgress ?? 0) > 0 || dimse?.inFlight?.sink != nil {
            guard let loop = context?.eventLoop, shutdownTimer == nil else { return }
            let bound = NIOLoopBound(self, eventLoop: loop)
            shutdownTimer = loop.scheduleTask(in: .clamping(seconds: engine.options.shutdownGrace)) {
                let handler = bound.value
                handler.fire(.abortRequest(origin: .shutdown))
                handler.closeSoon()
            }
            return
        }
        fire(.abortRequest(origin: .shutdown))
        closeSoon()
    }

    /// Abort, transport loss: a data set being received is dropped and its temporary file removed. The connection
    /// stays registered until the removal is done, so a graceful stop never exits with a partial file.
    func abandonWork() {
        if let sink = dimse?.inFlight?.sink, let loop = context?.eventLoop {
            sinkAbortsInFlight += 1
            let bound = NIOLoopBound(self, eventLoop: loop)
            sink.abort {
                loop.execute {
                    bound.value.sinkAbortsInFlight -= 1
                    bound.value.unregisterIfDone()
                }
            }
        } else {
            dimse?.inFlight?.sink?.abort {}
        }
        dimse?.inFlight = nil
        shutdownTimer?.cancel()
        shutdownTimer = nil
    }
}
