/// Asynchronous Operations Window sub-item 0x53 (PS3.7 Annex D.3.3.3, PS3.8 §9.3.2.3).
///
/// Absent means 1/1 (synchronous). 0 means unlimited; 0/0 is known to break some peers (dcm4che#1120).
public struct AsynchronousOperationsWindow: Sendable, Equatable, Hashable {
    public var maximumNumberOperationsInvoked: UInt16
    public var maximumNumberOperationsPerformed: UInt16

    public init(maximumNumberOperationsInvoked: UInt16, maximumNumberOperationsPerformed: UInt16) {
        self.maximumNumberOperationsInvoked = maximumNumberOperationsInvoked
        self.maximumNumberOperationsPerformed = maximumNumberOperationsPerformed
    }

    public init(invoked: UInt16, performed: UInt16) {
        self.init(maximumNumberOperationsInvoked: invoked, maximumNumberOperationsPerformed: performed)
    }

    /// The window that applies when the sub-item is absent (PS3.7 D.3.3.3.1).
    public static let synchronous = AsynchronousOperationsWindow(invoked: 1, performed: 1)
}
