import AssociationEvents
/// The proposal's answer for one proposed presentation context, with the reason in plain words so the monitor
/// and the log can say *why* a context is rejected.
public struct ContextAnswer: Sendable, Equatable {
    public var decision: ContextDecision
    /// E.g. "CT Image Storage: storage, accepted with Explicit VR Little Endian (the SCU's first)".
    public var explanation: String

    public init(decision: ContextDecision, explanation: String) {
        self.decision = decision
        self.explanation = explanation
    }
}
