import AssociationEvents
import DICOMDataSet
import DICOMUpperLayer
import Foundation
import NIOCore

/// C-FIND SCP on an established association (PS3.7 §9.1.2, §9.3.2; PS3.4 C.4.1.3 and K.4.1.3): `FindService`
/// chooses the matches, this sends them as pending responses and the final one.
extension AssociationHandler {
    /// Pending (PS3.4 Table C.4-1: matches are continuing, every key supported), cancelled, success.
    static let findPending: UInt16 = 0xFF00
    static let findCancelled: UInt16 = 0xFE00

    /// The service that answers `message`, when it is a C-FIND-RQ on a query context and queries are enabled.
    func findService(for message: InFlightMessage) -> FindService? {
        guard message.command.commandField == .cFindRQ,
              FindService.sopClasses.contains(ProposalBuilder.trimmedUID(message.context.abstractSyntax)) else {
            return nil
        }
        return engine.findService
    }

    /// Answers a C-FIND-RQ whose identifier was read (`identifier`), or fails it with why it was not.
    func answerFind(_ message: InFlightMessage, service: FindService, identifier: AttributeSet?, problem: String) {
        let request: CFindRQ
        do {
            request = try CFindRQ(message.command)
        } catch {
            return respond(to: message, status: DIMSEStatus(rawValue: FindService.unableToProcess),
                           comment: "\(error)")
        }
        guard request.hasIdentifier else {
            return respond(to: message, status: DIMSEStatus(rawValue: FindService.unableToProcess),
                           comment: "C-FIND-RQ without identifier (0000,0800 is 0101H)")
        }
        guard let identifier else {
            return respond(to: message, status: DIMSEStatus(rawValue: FindService.unableToProcess), comment: problem)
        }
        guard dimse?.find == nil else {
            return respond(to: message, status: DIMSEStatus(rawValue: FindService.unableToProcess),
                           comment: "another C-FIND is being answered")
        }
        guard let loop = context?.eventLoop else { return }
        let sopClass = ProposalBuilder.trimmedUID(request.affectedSOPClassUID)
        dimse?.find = FindOperation(message: message, responses: nil)
        // Matching reads the worklist folder and scans the index: off the event loop, which other associations share.
        let bound = NIOLoopBound(self, eventLoop: loop)
        let messageID = message.command.messageID
        DispatchQueue.global().async {
            let outcome = service.answer(sopClassUID: sopClass, identifier: identifier)
            loop.execute {
                let handler = bound.value
                guard let operation = handler.dimse?.find, operation.messageID == messageID,
                      operation.responses == nil else { return }
                switch outcome {
                case .failure(let status, let comment):
                    handler.dimse?.find = nil
                    handler.respond(to: operation.message, status: DIMSEStatus(rawValue: status), comment: comment)
                case .matches(let responses):
                    handler.dimse?.find?.responses = responses
                    handler.continueFind()
                }
            }
        }
    }

    /// A C-CANCEL-RQ (PS3.7 §9.3.2.3) names the C-FIND by its Message ID Being Responded To.
    func cancelFind(_ command: DIMSECommand) {
        guard let cancel = try? CCancelRQ(command), dimse?.find?.messageID == cancel.messageIDBeingRespondedTo else {
            return
        }
        dimse?.find?.cancelled = true
    }

    /// Sends the next response of the running C-FIND, and schedules the one after it on the next event loop turn
    /// (later while the channel is not writable: the peer reads slower than we match).
    func continueFind() {
        guard var operation = dimse?.find, let responses = operation.responses, machine.state == .sta6 else { return }
        if operation.cancelled || operation.next >= responses.count {
            dimse?.find = nil
            respond(to: operation.message,
                    status: DIMSEStatus(rawValue: operation.cancelled ? Self.findCancelled : 0x0000))
            return
        }
        sendFindResponse(operation.message, identifier: responses[operation.next])
        operation.next += 1
        dimse?.find = operation
        guard let loop = context?.eventLoop else { return }
        let bound = NIOLoopBound(self, eventLoop: loop)
        let messageID = operation.messageID
        let task = { @Sendable in
            let handler = bound.value
            guard handler.dimse?.find?.messageID == messageID else { return }
            handler.continueFind()
        }
        if context?.channel.isWritable == false {
            loop.scheduleTask(in: .milliseconds(5), task)
        } else {
            loop.execute(task)
        }
    }

    /// A pending C-FIND-RSP with `identifier` encoded in the context's transfer syntax.
    private func sendFindResponse(_ message: InFlightMessage, identifier: AttributeSet) {
        guard let negotiated, context != nil else { return }
        let response: CommandSet
        do {
            response = try message.command.response(status: DIMSEStatus(rawValue: Self.findPending), hasDataSet: true)
        } catch {
            logger.info("cannot answer \(message.command.commandField): \(error)")
            return
        }
        let encoding = DataSetEncoding(transferSyntaxUID: message.context.transferSyntax) ?? .implicitVRLittleEndian
        let dataSet = identifier.encoded(encoding)
        var pdus = allocator.buffer(capacity: 256 + dataSet.readableBytes)
        do {
            try negotiated.fragmenter.encodeMessage(command: response, dataSet: dataSet,
                                                    presentationContextID: message.contextID, into: &pdus)
        } catch {
            logger.error("cannot fragment the C-FIND-RSP: \(error)")
            return
        }
        guard fire(.pDataRequest(pdus)) else { return }
        publish(.dimse(DIMSEMessage(
            association: id, direction: .sent, command: CommandField.cFindRSP.name ?? "C-FIND-RSP",
            commandField: Int(CommandField.cFindRSP.rawValue), messageID: nil,
            messageIDBeingRespondedTo: message.command.messageID.map(Int.init),
            presentationContext: Int(message.contextID), affectedSOPClassUID: message.command.sopClassUID,
            affectedSOPInstanceUID: nil, status: Int(Self.findPending), bytes: dataSet.readableBytes,
            durationMilliseconds: now.timeIntervalSince(message.receivedAt) * 1000, time: now, state: machine.state,
            identifier: MessageContents(command: .cFindRSP, attributes: identifier).identifier)))
    }
}
