import DICOMUpperLayer
import Foundation
import NIOConcurrencyHelpers

/// The Query/Retrieve – FIND and Modality Worklist – FIND service classes as SCP (PS3.4 C.4.1.3, K.4.1.3) on one
/// association: `FindService` chooses the matches off the event loop, which other associations share; this hands
/// them to the handler one pending response at a time (PS3.7 §9.1.2.1.6), so that a C-CANCEL-RQ read meanwhile
/// (PS3.7 §9.3.2.3) makes the next response the final one, Cancel (0xFE00, PS3.4 Table C.4-1).
///
/// The first answer comes through `answer(_:_:)`; while it is Pending, the handler asks `nextAnswer()` for the next
/// one on a later turn of its event loop, until one is not Pending.
final class FindSCPService: DIMSEService, Sendable {
    /// The C-FIND being answered: one at a time per association (this SCP performs no asynchronous operations,
    /// PS3.7 D.3.3.3).
    private struct Operation {
        var messageID: UInt16?
        /// Nil while `FindService` is still matching.
        var responses: [AttributeSet]?
        var next = 0
        var cancelled = false
    }

    private let find: FindService
    private let operation = NIOLockedValueBox<Operation?>(nil)

    init(find: FindService) {
        self.find = find
    }

    func serves(_ field: CommandField) -> Bool { field == .cFindRQ }

    /// Only C-FIND-RQs on a query context: a C-FIND of another SOP class is not ours to answer.
    func serves(_ field: CommandField, abstractSyntax: String) -> Bool {
        field == .cFindRQ && FindService.sopClasses.contains(ProposalBuilder.trimmedUID(abstractSyntax))
    }

    /// The identifier is read by the DIMSE processor as it streams by; no sink keeps it.
    func dataSetSink(for command: DIMSECommand, context: NegotiatedAssociation.Context,
                     association: NegotiatedAssociation) -> (any DataSetSink)? { nil }

    /// A bare command carries no identifier (the DIMSE processor reads it as the data set streams by): the request
    /// fails as one whose identifier could not be read.
    func answer(_ command: DIMSECommand, sink: (any DataSetSink)?,
                _ answer: @escaping @Sendable (DIMSEAnswer) -> Void) {
        var message = InFlightMessage(command: command, contextID: 0,
                                      context: .init(abstractSyntax: "", transferSyntax: ""), receivedAt: Date())
        message.sink = sink
        self.answer(message, answer)
    }

    /// Answers a C-FIND-RQ whose identifier was read, or fails it (Unable to process, with why in the Error
    /// Comment) when it has none or another C-FIND is being answered.
    func answer(_ message: InFlightMessage, _ answer: @escaping @Sendable (DIMSEAnswer) -> Void) {
        let failure = { (comment: String) in
            answer(DIMSEAnswer(status: DIMSEStatus(rawValue: FindService.unableToProcess), comment: comment))
        }
        let request: CFindRQ
        do {
            request = try CFindRQ(message.command)
        } catch {
            return failure("\(error)")
        }
        guard request.hasIdentifier else { return failure("C-FIND-RQ without identifier (0000,0800 is 0101H)") }
        guard let identifier = message.identifier else { return failure(message.identifierProblem) }
        let started = operation.withLockedValue { operation -> Bool in
            guard operation == nil else { return false }
            operation = Operation(messageID: message.command.messageID)
            return true
        }
        guard started else { return failure("another C-FIND is being answered") }
        let sopClass = ProposalBuilder.trimmedUID(request.affectedSOPClassUID)
        DispatchQueue.global().async { [find] in
            switch find.answer(sopClassUID: sopClass, identifier: identifier) {
            case .failure(let status, let comment):
                self.operation.withLockedValue { $0 = nil }
                answer(DIMSEAnswer(status: DIMSEStatus(rawValue: status), comment: comment))
            case .matches(let responses):
                self.operation.withLockedValue { $0?.responses = responses }
                if let first = self.nextAnswer() { answer(first) }
            }
        }
    }

    /// The next response of the running C-FIND: Pending with the next match's identifier, or the final one —
    /// Success after the last match, Cancel once a C-CANCEL-RQ named it. Nil when no C-FIND is running.
    func nextAnswer() -> DIMSEAnswer? {
        operation.withLockedValue { operation -> DIMSEAnswer? in
            guard var current = operation, let responses = current.responses else { return nil }
            if current.cancelled || current.next >= responses.count {
                operation = nil
                return DIMSEAnswer(status: current.cancelled ? .cancel : .success)
            }
            let identifier = responses[current.next]
            current.next += 1
            operation = current
            return DIMSEAnswer(status: .pending, identifier: identifier)
        }
    }

    /// A C-CANCEL-RQ names the C-FIND by its Message ID Being Responded To; any other is ignored (it has no
    /// response, PS3.7 §9.3.2.3).
    func cancel(_ command: DIMSECommand) {
        guard let cancel = try? CCancelRQ(command) else { return }
        operation.withLockedValue { operation in
            if operation?.messageID == cancel.messageIDBeingRespondedTo { operation?.cancelled = true }
        }
    }
}
