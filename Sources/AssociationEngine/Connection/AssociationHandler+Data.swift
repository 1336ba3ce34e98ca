import DICOMDataSet
import DICOMUpperLayer
import Foundation
import NIOCore

/// Sta6–Sta8: DIMSE messages on an established association (PS3.8 §9.2 DT-1/DT-2/AR-7; PS3.7 §9.3, Annex E).
extension AssociationHandler {
    /// DT-2 / AR-6: a P-DATA-TF arrived. Every PDV must be on an accepted presentation context; a message on a
    /// context that was not accepted is a protocol error answered by AA-8 (A-ABORT source 2, reason 6).
    func dataArrived(_ pData: PDataTF) {
        guard let negotiated else { return }
        if dimse == nil {
            dimse = DIMSEProcessor(acceptedContextIDs: Set(negotiated.contexts.keys),
                                   services: [VerificationService(), StorageService(storage: engine.storage)])
        }
        for pdv in pData.values {
            let event: MessageReassembler.Event?
            do {
                event = try dimse?.reassembler.receive(pdv)
            } catch {
                let message = error.isUnknownContext
                    ? "P-DATA-TF on presentation context \(pdv.presentationContextID), which was not accepted"
                    : error.description
                failData(message, reason: error.abortReason)
                return
            }
            if dimse?.reassembler.findings.isEmpty == false, let found = dimse?.reassembler.takeFindings() {
                dimse?.findings.add(found)
            }
            guard let event, let context = negotiated.contexts[pdv.presentationContextID] else { continue }
            switch event {
            case .command(let command, let contextID, _):
                commandArrived(command, contextID: contextID, context: context, expectsDataSet: command.hasDataSet)
            case .dataSetFragment(let fragment, _, let isLast):
                dataFragmentArrived(fragment, isLast: isLast)
            }
            guard machine.state == .sta6 || machine.state == .sta7 || machine.state == .sta8 else { return }
        }
    }

    /// Evt19 → AA-8: A-ABORT source 2 with `reason`, and the explanation in the `aborted` event.
    private func failData(_ message: String, reason: UInt8) {
        logger.info("\(message)")
        discardInput = true
        fire(.invalidPDU(reason: reason, detail: message))
    }

    private func commandArrived(_ command: DIMSECommand, contextID: UInt8, context: NegotiatedAssociation.Context,
                                expectsDataSet: Bool) {
        if let problem = Self.unanswerable(command) {
            publishReceived(command, contextID: contextID, bytes: 0)
            failData("\(problem) on presentation context \(contextID)", reason: 6)
            return
        }
        var message = InFlightMessage(command: command, contextID: contextID, context: context, receivedAt: now)
        if expectsDataSet, let negotiated, let service = dimse?.service(for: command.commandField) {
            message.sink = service.dataSetSink(for: command, context: context, association: negotiated)
        }
        if command.commandField == .cStoreRQ, expectsDataSet {
            message.dataSetReader = DataSetEncoding(transferSyntaxUID: context.transferSyntax)
                .map { DataSetReader(transferSyntax: $0) }
        }
        dimse?.inFlight = message
        if !expectsDataSet {
            messageComplete()
        }
    }

    /// Why a request cannot be answered, or nil when it can (or needs no answer: a response, C-CANCEL-RQ).
    ///
    /// Every request gets an answer in the read that completes it, never silence (a requestor would wait until its
    /// own DIMSE timeout). A failure response needs the response command field (RQ | 0x8000, PS3.7 §9.3 and §10.3)
    /// and the Message ID to echo (PS3.7 Table E.1-1). A Command Field (0000,0100) that PS3.7 Table E.1-1 does not
    /// list (0x0FF0, say) has no response, and a request without Message ID (0000,0110) cannot be paired with one.
    /// Such a message is no DIMSE message at all, so the DIMSE provider cannot complete it: the association is
    /// aborted by the provider (PS3.8 §7.4, AA-8) with A-ABORT source 2, reason 6 invalid-PDU-parameter-value
    /// (PS3.8 Table 9-26): the P-DATA-TF's presentation data value item is well formed and on an accepted context
    /// (otherwise the reassembler would have failed it), but its value — the command — is invalid. Reason 5
    /// (unexpected-PDU-parameter) would say the item itself is out of place, and it is not.
    static func unanswerable(_ command: DIMSECommand) -> String? {
        let field = command.commandField
        guard field.isRequest, field != .cCancelRQ else { return nil }
        guard field.response != nil else {
            return "DIMSE Command Field (0000,0100) \(field) is not a command PS3.7 defines (Table E.1-1)"
                + "; no response exists"
        }
        guard command.messageID != nil else {
            return "\(field) has no Message ID (0000,0110); no response can be paired with it"
        }
        return nil
    }

    private func dataFragmentArrived(_ fragment: ByteBuffer, isLast: Bool) {
        // The reader reads the fragment in place until its bounded prefix is read, then ignores the rest; mutated
        // where it is stored, so its buffers are never copied.
        if dimse?.inFlight?.dataSetReader?.state.isReading == true {
            dimse?.inFlight?.dataSetReader?.append(fragment)
        }
        guard var message = dimse?.inFlight else { return }
        message.dataBytes += fragment.readableBytes
        if let sink = message.sink, sink.append(fragment) == .pause {
            pauseReading(until: sink)
        }
        dimse?.inFlight = message
        if isLast { messageComplete() }
    }

    /// A whole DIMSE message (command and its data set, if any) has arrived: answer it.
    private func messageComplete() {
        guard let message = dimse?.inFlight else { return }
        dimse?.inFlight = nil
        let command = message.command
        var dataSet: DataSetSummary?
        if var reader = message.dataSetReader {
            reader.finish()
            let (summary, findings) = DataSetSummary.read(reader, command: command)
            dataSet = summary
            dimse?.findings.add(findings)
        }
        publishReceived(command, contextID: message.contextID, bytes: message.dataBytes, dataSet: dataSet)
        let field = command.commandField
        if field == .cCancelRQ {
            return  // C-CANCEL has no response (PS3.7 §9.3.2.3); nothing of ours is cancellable.
        }
        if field.isResponse {
            logger.info("ignored \(field) (we never send requests)")
            return
        }
        guard let service = dimse?.service(for: field) else {
            // We implement no other service: "SOP class not supported" when the command names another SOP class
            // than the context's, "unrecognized operation" otherwise (PS3.7 Annex C).
            let status: UInt16 = command.sopClassUID.map { $0 != message.context.abstractSyntax } == true
                ? 0x0122 : 0x0211
            return respond(to: message, status: DIMSEStatus(rawValue: status),
                           comment: "assocmon implements Verification and Storage only")
        }
        dimse?.storesInProgress += 1
        whenAnswered(service, message) { handler, answer in
            handler.dimse?.storesInProgress -= 1
            defer { handler.unregisterIfDone() }
            if let stored = answer.stored {
                let ticket = max(handler.dimse?.durabilityTicket ?? 0, stored.durabilityTicket)
                handler.dimse?.durabilityTicket = ticket
                handler.publish(.stored(Stored(
                    association: handler.id, sopClassUID: command.affectedSOPClassUID ?? "",
                    sopInstanceUID: command.affectedSOPInstanceUID ?? "", path: stored.path,
                    bytes: stored.bytes, time: handler.now, state: handler.stateName)))
            } else if let comment = answer.comment, answer.status.category == .failure {
                handler.logger.error("\(field) \(command.affectedSOPInstanceUID ?? "?") failed: \(comment)")
            }
            handler.respond(to: message, status: answer.status, comment: answer.comment)
            handler.storeFinished()
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
        service.answer(message.command, sink: message.sink) { answer in
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

    /// Encodes the response command set and sends it through Evt9 (DT-1 in Sta6, AR-7 in Sta8).
    func respond(to message: InFlightMessage, status: DIMSEStatus, comment: String? = nil) {
        guard let negotiated, context != nil else { return }
        let response: CommandSet
        do {
            response = try message.command.response(status: status, errorComment: comment)
        } catch {
            logger.info("cannot answer \(message.command.commandField): \(error)")
            return
        }
        var pdus = allocator.buffer(capacity: 256)
        do {
            try negotiated.fragmenter.encodeMessage(command: response, dataSet: nil,
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
            affectedSOPInstanceUID: message.command.affectedSOPInstanceUID, status: Int(status.rawValue), bytes: 0,
            durationMilliseconds: now.timeIntervalSince(message.receivedAt) * 1000, time: now, state: stateName)))
    }

    /// The `dimse` event of a received message, with the reassembler's findings about it (PS3.8 Annex E, PS3.7
    /// §6.3.1), if any.
    private func publishReceived(_ command: DIMSECommand, contextID: UInt8, bytes: Int,
                                 dataSet: DataSetSummary? = nil) {
        let findings = dimse?.findings.isEmpty == false ? dimse?.findings.take() : nil
        publish(.dimse(DIMSEMessage(
            association: id, direction: .received, command: command.commandField.name ?? "\(command.commandField)",
            commandField: Int(command.commandField.rawValue), messageID: command.messageID.map(Int.init),
            messageIDBeingRespondedTo: command.messageIDBeingRespondedTo.map(Int.init),
            presentationContext: Int(contextID), affectedSOPClassUID: command.sopClassUID,
            affectedSOPInstanceUID: command.sopInstanceUID, status: command.status.map { Int($0.rawValue) },
            bytes: bytes, durationMilliseconds: nil, time: now, state: stateName, findings: findings,
            dataSet: dataSet)))
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
            publish(.released(Released(association: id, by: "peer", time: now, state: stateName)))
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
                handler.fire(.abortRequest(origin: "shutdown"))
                handler.closeSoon()
            }
            return
        }
        fire(.abortRequest(origin: "shutdown"))
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
