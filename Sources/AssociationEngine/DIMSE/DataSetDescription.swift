import AssociationEvents
import DICOMDataSet
import DICOMUpperLayer

/// What a DIMSE message's data set carried, read from its bounded prefix, the way its `dimse` event describes it:
/// a C-STORE-RQ's who and what (`DataSetSummary`), any other message's identifier, storage commitment or MPPS
/// content (`MessageContents`), and the reader's findings. One reading for the messages assocmon receives and the
/// ones the tap relays.
struct DataSetDescription {
    /// A C-STORE-RQ's summary.
    var summary: DataSetSummary?
    /// Any other message's contents.
    var contents: MessageContents?
    /// The whole identifier of a query, when it was read completely (what C-FIND matches against).
    var identifier: AttributeSet?
    /// Why `identifier` is nil when `contents` is set ("" when it is not).
    var identifierProblem = ""
    var findings: [DataSetFinding]

    /// `reader` has been given the whole data set (or its bounded prefix) and finished.
    init(_ reader: DataSetReader, command: DIMSECommand) {
        if command.commandField == .cStoreRQ {
            (summary, findings) = DataSetSummary.read(reader, command: command)
        } else {
            let (contents, identifier, problem) = MessageContents.read(reader, command: command)
            self.contents = contents
            self.identifier = identifier
            identifierProblem = problem
            findings = contents.findings
        }
    }

    /// Sets the event's `dataSet`, or its `identifier`, `commitment` and `procedureStep`.
    func apply(to event: inout DIMSEMessage) {
        if let summary { event.dataSet = summary }
        contents?.apply(to: &event)
    }
}
