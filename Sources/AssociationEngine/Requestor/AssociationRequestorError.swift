import DICOMUpperLayer

/// Why an association we requested, or an operation on it, did not complete. Each case says what happened; the
/// peer's own answer (A-ASSOCIATE-RJ, A-ABORT) is carried as received (PS3.8 Tables 9-21 and 9-26).
public enum AssociationRequestorError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The TCP connection could not be opened.
    case connectionFailed(String)
    /// The acceptor answered with an A-ASSOCIATE-RJ (AE-4).
    case rejected(AAssociateRJ)
    /// The association was aborted: by the peer (its A-ABORT) or by us (the A-ABORT we sent, AA-8 / AA-1).
    case aborted(AAbort)
    /// The transport connection closed without release (AA-4).
    case connectionClosed
    /// No answer within the time allowed (the ACSE or DIMSE timeout, PS3.8 §9.1.5 leaves these to the user).
    case timedOut(String)
    /// No accepted presentation context fits the message (PS3.8 §9.3.3.2).
    case noPresentationContext(abstractSyntax: String, transferSyntax: String?)
    /// The operation is not allowed in the association's state (PS3.8 Table 9-10 has no entry).
    case notAllowed(String)
    /// The message could not be built or sent (fragmenting, file reading).
    case invalidMessage(String)

    public var description: String {
        switch self {
        case .connectionFailed(let reason): "cannot connect: \(reason)"
        case .rejected(let rj): "association rejected: result \(rj.result), source \(rj.source), reason \(rj.reason)"
        case .aborted(let abort): "association aborted: source \(abort.source), reason \(abort.reason)"
        case .connectionClosed: "the peer closed the connection without release"
        case .timedOut(let what): "timed out waiting for \(what)"
        case .noPresentationContext(let abstract, let transfer):
            "no accepted presentation context for \(abstract)" + (transfer.map { " in \($0)" } ?? "")
        case .notAllowed(let what): what
        case .invalidMessage(let what): what
        }
    }
}
