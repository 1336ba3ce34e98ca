import AssociationEvents
import DICOMDataSet
import DICOMUpperLayer
import Foundation
import NIOCore

/// Per-association DIMSE state on an established association: the `MessageReassembler` that turns PDVs back into
/// messages (PS3.8 Annex E: fragments stream through, never collected; sequencing and context checks), the services
/// that answer them, the message being received, and the answers still pending.
struct DIMSEProcessor {
    var reassembler: MessageReassembler
    /// The message whose data set is arriving.
    var inFlight: InFlightMessage?
    /// A command set arrived whose data set has not begun: the requestor may be waiting for our ACK to send it
    /// (`QuickAck`).
    var awaitsDataSetStart: Bool { inFlight.map { $0.dataBytes == 0 } ?? false }

    /// The service for requests with this Command Field, if we provide one.
    func service(for field: CommandField) -> (any DIMSEService)? {
        services.first { $0.serves(field) }
    }
    /// The service for requests with this Command Field on a context of this abstract syntax, if we provide one.
    func service(for field: CommandField, abstractSyntax: String) -> (any DIMSEService)? {
        services.first { $0.serves(field, abstractSyntax: abstractSyntax) }
    }
    /// A C-CANCEL-RQ (PS3.7 §9.3.2.3): to every service, for the request it names.
    func cancel(_ command: DIMSECommand) {
        for service in services { service.cancel(command) }
    }
    /// The services answering requests on this association (PS3.4 service classes).
    let services: [any DIMSEService]
    /// Requests whose answer is not sent yet: C-STOREs whose file is still being written.
    var storesInProgress = 0
    /// The highest `StoredFile.durabilityTicket` of the files stored on this association: with
    /// `StorageSyncMode.release` the A-RELEASE-RP waits until the flusher reports it durable.
    var durabilityTicket: UInt64 = 0
    /// The reassembler's findings about the message being received, published with its `dimse` event.
    var findings = MessageFindings()

    init(acceptedContextIDs: Set<UInt8>, services: [any DIMSEService]) {
        self.services = services
        reassembler = MessageReassembler()
        reassembler.acceptedPresentationContextIDs = acceptedContextIDs
    }
}

/// One received DIMSE request, from its command to its response.
struct InFlightMessage {
    var command: DIMSECommand
    var contextID: UInt8
    var context: NegotiatedAssociation.Context
    var receivedAt: Date
    var dataBytes = 0
    var sink: (any DataSetSink)?
    /// Reads the first bytes of a request's data set as they stream by, for its `dimse` event (and a C-FIND's
    /// identifier).
    var dataSetReader: DataSetReader?
    /// What the data set of a request other than C-STORE says (query keys, storage commitment, MPPS), for its
    /// `dimse` event.
    var contents: MessageContents?
    /// A C-FIND-RQ's identifier when it was read whole (PS3.7 §9.1.2.1), else nil and why in `identifierProblem`.
    var identifier: AttributeSet?
    var identifierProblem = "no identifier"
}
