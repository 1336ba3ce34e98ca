import DICOMUpperLayer

/// A DIMSE service the acceptor provides (PS3.4 service classes): the requests of its Command Fields are handed to
/// it whole, and it answers each exactly once, at once or later. It knows no channel and no association state: the
/// handler sends the answer through the state machine (Evt9: DT-1, or AR-7 once an A-RELEASE-RQ arrived) and keeps
/// the association's bookkeeping (events, durability, release after the last answer).
protocol DIMSEService: AnyObject {
    /// Whether requests with this Command Field (0000,0100) are this service's.
    func serves(_ field: CommandField) -> Bool
    /// Where the request's data set goes while it arrives; `nil` when it is not kept.
    func dataSetSink(for command: DIMSECommand, context: NegotiatedAssociation.Context,
                     association: NegotiatedAssociation) -> (any DataSetSink)?
    /// The whole request has arrived (its data set is in `sink`, if one was made): `answer` runs once, on any
    /// thread, or at once on the caller's.
    func answer(_ command: DIMSECommand, sink: (any DataSetSink)?,
                _ answer: @escaping @Sendable (DIMSEAnswer) -> Void)
}

/// A service's answer to one request: the response status (PS3.7 Annex C) and, for a C-STORE, what was stored.
struct DIMSEAnswer: Sendable {
    var status: DIMSEStatus
    /// Error Comment (0000,0902) of a failure.
    var comment: String?
    var stored: SinkResult?
}
