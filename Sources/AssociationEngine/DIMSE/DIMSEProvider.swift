import AssociationEvents
import DICOMDataSet
import DICOMUpperLayer
import Foundation
import Logging
import NIOCore

/// The acceptor's DIMSE side of one established association (PS3.7 §6; PS3.8 §9.2 DT-1, DT-2, AR-6, AR-7): the
/// PDVs of each P-DATA-TF through the `DIMSEProcessor`, each whole request to its `DIMSEService`, each answer back
/// through the leg's state machine (Evt9) with its `dimse` event, the `stored` events, and back-pressure from a
/// data set sink that fell behind. Lives on the connection's event loop, owned by its `AssociationHandler`.
final class DIMSEProvider {
    var processor: DIMSEProcessor
    let negotiated: NegotiatedAssociation
    weak var leg: (any AssociationLeg)?
    let engine: AssociationEngine
    let loop: any EventLoop
    let logger: Logger
    let allocator = ByteBufferAllocator()
    /// Reading from the peer is stopped until the data set sink catches up.
    private var readingPaused = false
    /// Data sets given up whose temporary file is still being removed.
    var abandonsInFlight = 0
    /// An A-RELEASE-RQ arrived while an answer was pending; the A-RELEASE-RP follows the last answer.
    var releaseAfterAnswers = false

    /// Requests whose answer is not sent yet, and data sets being removed: a release, a shutdown and the engine's
    /// forgetting a closed connection wait for them.
    var answersPending: Int { processor.storesInProgress }
    var isBusy: Bool { processor.storesInProgress > 0 || abandonsInFlight > 0 }
    /// A data set is arriving into a sink (a file being written).
    var isReceivingDataSet: Bool { processor.inFlight?.sink != nil }
    /// A command set arrived whose data set has not begun (`QuickAck`).
    var awaitsDataSetStart: Bool { processor.awaitsDataSetStart }

    init(negotiated: NegotiatedAssociation, leg: any AssociationLeg, engine: AssociationEngine, loop: any EventLoop,
         logger: Logger) {
        let services: [any DIMSEService] = [VerificationService(), StorageService(storage: engine.storage)]
            + (engine.findService.map { [FindSCPService(find: $0)] } ?? [])
        processor = DIMSEProcessor(acceptedContextIDs: Set(negotiated.contexts.keys), services: services)
        self.negotiated = negotiated
        self.leg = leg
        self.engine = engine
        self.loop = loop
        self.logger = logger
    }

    /// DT-2 / AR-6: a P-DATA-TF arrived; its PDVs go through the DIMSE processor, and each whole request to its
    /// service.
    func received(_ pData: PDataTF) {
        guard let leg else { return }
        for pdv in pData.values {
            let step = processor.receive(pdv, on: negotiated, at: Date())
            if let sink = step.pause { pauseReading(until: sink) }
            switch step.outcome {
            case .complete(let message, let dataSet):
                publishReceived(message.command, contextID: message.contextID, bytes: message.dataBytes,
                                dataSet: dataSet, contents: message.contents, reader: message.dataSetReader)
                dispatch(message)
            case .invalid(let problem, let reason, let command, let contextID):
                if let command { publishReceived(command, contextID: contextID, bytes: 0) }
                // Evt19 → AA-8: A-ABORT source 2 with `reason`, and the explanation in the `aborted` event.
                logger.info("\(problem)")
                return leg.abortInvalid(reason: reason, detail: problem)
            case nil:
                break
            }
            let state = leg.legState
            guard state == .sta6 || state == .sta7 || state == .sta8 else { return }
        }
    }

    /// A whole request: to its service, whose answer goes out through Evt9; an unknown one gets a failure status.
    private func dispatch(_ message: InFlightMessage) {
        let command = message.command
        let field = command.commandField
        if field == .cCancelRQ {
            return processor.cancel(command)  // C-CANCEL has no response (PS3.7 §9.3.2.3).
        }
        if field.isResponse {
            logger.info("ignored \(field) (we never send requests)")
            return
        }
        guard let service = processor.service(for: field, abstractSyntax: message.context.abstractSyntax) else {
            // We implement no other service: "SOP class not supported" when the command names another SOP class
            // than the context's, "unrecognized operation" otherwise (PS3.7 Annex C).
            let status: UInt16 = command.sopClassUID.map { $0 != message.context.abstractSyntax } == true
                ? 0x0122 : 0x0211
            return respond(to: message, status: DIMSEStatus(rawValue: status),
                           comment: "assocmon implements Verification, Storage and C-FIND only")
        }
        processor.storesInProgress += 1
        whenAnswered(service, message) { provider, leg, answer in
            provider.processor.storesInProgress -= 1
            if let stored = answer.stored {
                if stored.path != nil, let indexed = message.dataSetReader?.elements {
                    provider.engine.findService?.index.add(elements: indexed)
                }
                provider.processor.durabilityTicket = max(provider.processor.durabilityTicket,
                                                          stored.durabilityTicket)
                leg.publish(.stored(Stored(
                    association: leg.association, sopClassUID: command.affectedSOPClassUID ?? "",
                    sopInstanceUID: command.affectedSOPInstanceUID ?? "", path: stored.path,
                    bytes: stored.bytes, time: Date(), state: leg.legState)))
            } else if let comment = answer.comment, answer.status.category == .failure, field != .cFindRQ {
                // A C-FIND the identifier cannot answer is the requestor's problem; its status says why.
                provider.logger.error("\(field) \(command.affectedSOPInstanceUID ?? "?") failed: \(comment)")
            }
            provider.send(answer, to: message, from: service)
            provider.answered()
            leg.answerSettled()
        }
    }

    /// Sends a service's answer. A Pending one (PS3.7 §9.1.2.1.6: a C-FIND match) goes out only in Sta6, and the
    /// service's next answer follows on a later turn of the event loop — 5 ms later while the channel is not
    /// writable (the peer reads slower than we match) — so a C-CANCEL-RQ read meanwhile is seen in time.
    private func send(_ answer: DIMSEAnswer, to message: InFlightMessage, from service: any DIMSEService) {
        guard answer.status.category == .pending else {
            return respond(to: message, status: answer.status, comment: answer.comment)
        }
        guard let leg, leg.legState == .sta6 else { return }
        respond(to: message, status: answer.status, identifier: answer.identifier)
        let bound = NIOLoopBound((self, service, message), eventLoop: loop)
        let next = { @Sendable in
            let (provider, service, message) = bound.value
            guard let answer = service.nextAnswer() else { return }
            provider.send(answer, to: message, from: service)
        }
        if leg.isWritable {
            loop.execute(next)
        } else {
            loop.scheduleTask(in: .milliseconds(5), next)
        }
    }

    /// Back-pressure: the sink has fallen behind, so the channel stops reading (TCP carries it to the peer) until
    /// the sink has caught up.
    private func pauseReading(until sink: any DataSetSink) {
        guard !readingPaused, let leg else { return }
        readingPaused = true
        leg.setReading(false)
        let bound = NIOLoopBound((self, leg), eventLoop: loop)
        let loop = self.loop
        sink.whenCaughtUp {
            loop.execute {
                let (provider, leg) = bound.value
                provider.readingPaused = false
                leg.setReading(true)
            }
        }
    }

    /// Runs `completion` on the event loop once `service` has answered: at once when it answered on the loop
    /// (Verification, the discarding sink), otherwise when the loop next runs (a file written).
    private func whenAnswered(_ service: any DIMSEService, _ message: InFlightMessage,
                              _ completion: @escaping (DIMSEProvider, any AssociationLeg, DIMSEAnswer) -> Void) {
        guard let leg else {
            message.sink?.abort {}
            return
        }
        let bound = NIOLoopBound((self, leg, completion), eventLoop: loop)
        let loop = self.loop
        service.answer(message) { answer in
            if loop.inEventLoop {
                let (provider, leg, completion) = bound.value
                completion(provider, leg, answer)
            } else {
                loop.execute {
                    let (provider, leg, completion) = bound.value
                    completion(provider, leg, answer)
                }
            }
        }
    }

    /// Encodes the response command set, and its data set if any (a C-FIND match's identifier, in the context's
    /// transfer syntax), and sends it through Evt9 (DT-1 in Sta6, AR-7 in Sta8).
    func respond(to message: InFlightMessage, status: DIMSEStatus, comment: String? = nil,
                 identifier: AttributeSet? = nil) {
        guard let leg else { return }
        let response: CommandSet
        do {
            response = try message.command.response(status: status, errorComment: comment,
                                                    hasDataSet: identifier != nil)
        } catch {
            logger.info("cannot answer \(message.command.commandField): \(error)")
            return
        }
        // Only a response with a data set (a C-FIND identifier) needs the context's encoding looked up.
        let dataSet = identifier.map {
            $0.encoded(DataSetEncoding(transferSyntaxUID: message.context.transferSyntax) ?? .implicitVRLittleEndian)
        }
        var pdus = allocator.buffer(capacity: 256 + (dataSet?.readableBytes ?? 0))
        do {
            try negotiated.fragmenter.encodeMessage(command: response, dataSet: dataSet,
                                                    presentationContextID: message.contextID, into: &pdus)
        } catch {
            logger.error("cannot fragment the \(message.command.commandField) response: \(error)")
            return
        }
        guard leg.fire(.pDataRequest(pdus)) else { return }
        // The response's Command Field is the request's with bit 15 set (PS3.7 §9.3, §10.3); `response(status:)`
        // just wrote it, so it is not read back from the command set.
        let responseField = message.command.commandField.response
        let now = Date()
        leg.publish(.dimse(DIMSEMessage(
            association: leg.association, direction: .sent, command: responseField?.name ?? "response",
            commandField: Int(responseField?.rawValue ?? 0), messageID: nil,
            messageIDBeingRespondedTo: message.command.messageID.map(Int.init),
            presentationContext: Int(message.contextID), affectedSOPClassUID: message.command.sopClassUID,
            affectedSOPInstanceUID: message.command.affectedSOPInstanceUID, status: Int(status.rawValue),
            bytes: dataSet?.readableBytes ?? 0, durationMilliseconds: now.timeIntervalSince(message.receivedAt) * 1000,
            time: now, state: leg.legState,
            identifier: identifier.flatMap { MessageContents(command: .cFindRSP, attributes: $0).identifier })))
    }

    /// The `dimse` event of a received message, with the reassembler's findings about it (PS3.8 Annex E, PS3.7
    /// §6.3.1), if any.
    private func publishReceived(_ command: DIMSECommand, contextID: UInt8, bytes: Int,
                                 dataSet: DataSetSummary? = nil, contents: MessageContents? = nil,
                                 reader: DataSetReader? = nil) {
        guard let leg else { return }
        let findings = processor.findings.isEmpty ? nil : processor.findings.take()
        var message = DIMSEMessage(
            association: leg.association, direction: .received,
            command: command.commandField.name ?? "\(command.commandField)",
            commandField: Int(command.commandField.rawValue), messageID: command.messageID.map(Int.init),
            messageIDBeingRespondedTo: command.messageIDBeingRespondedTo.map(Int.init),
            presentationContext: Int(contextID), affectedSOPClassUID: command.sopClassUID,
            affectedSOPInstanceUID: command.sopInstanceUID, status: command.status.map { Int($0.rawValue) },
            bytes: bytes, durationMilliseconds: nil, time: Date(), state: leg.legState, findings: findings,
            dataSet: dataSet)
        contents?.apply(to: &message)
        if engine.options.listsMessageElements {
            (message.elements, message.elementsNotListed) = MessageElements.list(command: command.commandSet,
                                                                                  dataSet: reader)
        }
        leg.publish(.dimse(message))
    }
}
