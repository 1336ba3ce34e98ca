/// A Storage Commitment Push Model message (PS3.4 J.3): the N-ACTION-RQ asking for commitment, or the
/// N-EVENT-REPORT-RQ answering it.
public struct CommitmentSummary: Sendable, Decodable, Equatable {
    /// Transaction UID (0008,1195).
    public var transactionUID: String?
    /// Items of Referenced SOP Sequence (0008,1199): the instances asked for, or committed.
    public var referencedInstances: Int
    /// Items of Failed SOP Sequence (0008,1198), in an event report.
    public var failedInstances: Int?

    public init(transactionUID: String?, referencedInstances: Int, failedInstances: Int? = nil) {
        self.transactionUID = transactionUID; self.referencedInstances = referencedInstances
        self.failedInstances = failedInstances
    }
}
