import AssociationEvents
import DICOMDataSet
import DICOMUpperLayer
import Foundation
import NIOCore

extension DIMSEProcessor {
    /// What one received presentation data value (PS3.8 Annex E) led to.
    struct Step {
        /// The data set sink fell behind: stop reading until it catches up.
        var pause: (any DataSetSink)?
        var outcome: Outcome?
    }

    enum Outcome {
        /// A whole DIMSE message (command and data set, if any) arrived, with what was read of its data set.
        case complete(InFlightMessage, dataSet: DataSetSummary?)
        /// The message cannot be completed: abort (AA-8) with this A-ABORT reason (PS3.8 Table 9-26). `command` is
        /// set when its command set was read, for its `dimse` event.
        case invalid(String, reason: UInt8, command: DIMSECommand?, contextID: UInt8)
    }

    /// DT-2 / AR-6: one PDV of a P-DATA-TF. Every PDV must be on an accepted presentation context; a message on a
    /// context that was not accepted is a protocol error answered by AA-8 (A-ABORT source 2, reason 6).
    mutating func receive(_ pdv: PresentationDataValue, on association: NegotiatedAssociation,
                          at time: Date) -> Step {
        let event: MessageReassembler.Event?
        do {
            event = try reassembler.receive(pdv)
        } catch {
            let message = error.isUnknownContext
                ? "P-DATA-TF on presentation context \(pdv.presentationContextID), which was not accepted"
                : error.description
            return Step(outcome: .invalid(message, reason: error.abortReason, command: nil,
                                          contextID: pdv.presentationContextID))
        }
        if !reassembler.findings.isEmpty { findings.add(reassembler.takeFindings()) }
        guard let event, let context = association.contexts[pdv.presentationContextID] else { return Step() }
        switch event {
        case .command(let command, let contextID, _):
            return commandArrived(command, contextID: contextID, context: context, association: association,
                                  at: time)
        case .dataSetFragment(let fragment, _, let isLast):
            return fragmentArrived(fragment, isLast: isLast)
        }
    }

    private mutating func commandArrived(_ command: DIMSECommand, contextID: UInt8,
                                         context: NegotiatedAssociation.Context,
                                         association: NegotiatedAssociation, at time: Date) -> Step {
        if let problem = Self.unanswerable(command) {
            return Step(outcome: .invalid("\(problem) on presentation context \(contextID)", reason: 6,
                                          command: command, contextID: contextID))
        }
        var message = InFlightMessage(command: command, contextID: contextID, context: context, receivedAt: time)
        let expectsDataSet = command.hasDataSet
        if expectsDataSet, let service = service(for: command.commandField, abstractSyntax: context.abstractSyntax) {
            message.sink = service.dataSetSink(for: command, context: context, association: association)
        }
        if expectsDataSet {
            message.dataSetReader = DataSetEncoding(transferSyntaxUID: context.transferSyntax)
                .map { DataSetReader(transferSyntax: $0) }
        }
        inFlight = message
        return expectsDataSet ? Step() : Step(outcome: messageComplete())
    }

    private mutating func fragmentArrived(_ fragment: ByteBuffer, isLast: Bool) -> Step {
        // The reader reads the fragment in place until its bounded prefix is read, then ignores the rest; mutated
        // where it is stored, so its buffers are never copied.
        if inFlight?.dataSetReader?.state.isReading == true {
            inFlight?.dataSetReader?.append(fragment)
        }
        guard inFlight != nil else { return Step() }
        inFlight?.dataBytes += fragment.readableBytes
        var step = Step()
        if let sink = inFlight?.sink, sink.append(fragment) == .pause {
            step.pause = sink
        }
        if isLast { step.outcome = messageComplete() }
        return step
    }

    private mutating func messageComplete() -> Outcome? {
        guard var message = inFlight else { return nil }
        inFlight = nil
        var dataSet: DataSetSummary?
        if var reader = message.dataSetReader {
            reader.finish()
            let description = DataSetDescription(reader, command: message.command)
            dataSet = description.summary
            message.contents = description.contents
            message.identifier = description.identifier
            message.identifierProblem = description.identifierProblem
            findings.add(description.findings)
        }
        return .complete(message, dataSet: dataSet)
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
}
