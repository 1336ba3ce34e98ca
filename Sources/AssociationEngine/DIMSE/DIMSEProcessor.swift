import DICOMDataSet
import DICOMUpperLayer
import Foundation
import NIOCore

/// Per-association DIMSE state on an established association: the `MessageReassembler` that turns PDVs back into
/// messages (PS3.8 Annex E: fragments stream through, never collected; sequencing and context checks), the message
/// being received or answered, and the stores still being written.
struct DIMSEProcessor {
    var reassembler: MessageReassembler
    /// The message whose data set is arriving.
    var inFlight: InFlightMessage?
    /// C-STOREs whose file is still being written (the response goes out when it is done).
    var storesInProgress = 0
    /// The highest `StoredFile.durabilityTicket` of the files stored on this association: with
    /// `StorageSyncMode.release` the A-RELEASE-RP waits until the flusher reports it durable.
    var durabilityTicket: UInt64 = 0
    /// The reassembler's findings about the message being received, published with its `dimse` event.
    var findings = MessageFindings()
    /// The C-FIND being answered, one pending response per event loop turn.
    var find: FindOperation?

    init(acceptedContextIDs: Set<UInt8>) {
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
    /// Reads the first bytes of a C-STORE-RQ's data set as they stream by, for its `dimse` event.
    var dataSetReader: DataSetReader?
}
