import DICOMUpperLayer

/// A DIMSE service the acceptor provides (PS3.4 service classes): the requests of its Command Fields are handed to
/// it whole, and it answers each at once or later — exactly once, or, for a service whose answer is a series of
/// responses (C-FIND, PS3.7 §9.1.2.1.6), with Pending answers the handler follows by `nextAnswer()`. It knows no
/// channel and no association state: the handler sends the answer through the state machine (Evt9: DT-1, or AR-7
/// once an A-RELEASE-RQ arrived) and keeps the association's bookkeeping (events, durability, release after the
/// last answer).
protocol DIMSEService: AnyObject {
    /// Whether requests with this Command Field (0000,0100) are this service's.
    func serves(_ field: CommandField) -> Bool
    /// Whether requests with this Command Field on a presentation context of this abstract syntax are this
    /// service's; by default whatever the context.
    func serves(_ field: CommandField, abstractSyntax: String) -> Bool
    /// Where the request's data set goes while it arrives; `nil` when it is not kept.
    func dataSetSink(for command: DIMSECommand, context: NegotiatedAssociation.Context,
                     association: NegotiatedAssociation) -> (any DataSetSink)?
    /// The whole request has arrived (its data set is in `sink`, if one was made): `answer` runs once, on any
    /// thread, or at once on the caller's.
    func answer(_ command: DIMSECommand, sink: (any DataSetSink)?,
                _ answer: @escaping @Sendable (DIMSEAnswer) -> Void)
    /// As `answer(_:sink:_:)`, with what the DIMSE processor read of the request's data set (a C-FIND identifier).
    func answer(_ message: InFlightMessage, _ answer: @escaping @Sendable (DIMSEAnswer) -> Void)
    /// After a Pending answer: the next one, or nil when none is due.
    func nextAnswer() -> DIMSEAnswer?
    /// A C-CANCEL-RQ arrived (PS3.7 §9.3.2.3): it has no response; the request it names ends early, if it is ours.
    func cancel(_ command: DIMSECommand)
}

extension DIMSEService {
    func serves(_ field: CommandField, abstractSyntax: String) -> Bool { serves(field) }

    func answer(_ message: InFlightMessage, _ answer: @escaping @Sendable (DIMSEAnswer) -> Void) {
        self.answer(message.command, sink: message.sink, answer)
    }

    func nextAnswer() -> DIMSEAnswer? { nil }

    func cancel(_ command: DIMSECommand) {}
}

/// A service's answer to one request: the response status (PS3.7 Annex C) and, for a C-STORE, what was stored.
struct DIMSEAnswer: Sendable {
    var status: DIMSEStatus
    /// Error Comment (0000,0902) of a failure.
    var comment: String?
    var stored: SinkResult?
    /// The data set of the response: a Pending C-FIND-RSP's identifier (PS3.7 §9.1.2.1.6).
    var identifier: AttributeSet?
}
