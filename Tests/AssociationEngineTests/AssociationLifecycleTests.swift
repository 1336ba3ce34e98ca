import Testing
@testable import AssociationEngine

/// The end of a connection as a value: `connection-closed` once, after the tap copies; the engine forgets the
/// connection once, when no store file is pending.
@Suite struct AssociationLifecycleTests {
    typealias Due = AssociationLifecycle.Due

    /// The steps due, one per call of `due(copiesFinishing:busy:)` with these inputs, after the close.
    static func dues(_ inputs: [(copies: Int, busy: Bool)]) -> [Due] {
        var lifecycle = AssociationLifecycle()
        _ = lifecycle.close()
        return inputs.map { lifecycle.due(copiesFinishing: $0.copies, busy: $0.busy) }
    }

    @Test func nothingIsDueWhileTheTransportIsOpen() {
        var lifecycle = AssociationLifecycle()
        let open = lifecycle.due(copiesFinishing: 0, busy: false)
        #expect(open == Due())
        let first = lifecycle.close(), second = lifecycle.close()
        #expect(first && !second, "a second close is no close")
        #expect(lifecycle.closed)
    }

    @Test func closedAndForgottenAtOnceWhenNothingIsPending() {
        #expect(Self.dues([(0, false), (0, false)]) == [Due(publishClosed: true, forget: true), Due()])
    }

    @Test func aTapCopyBeingCompletedComesFirst() {
        #expect(Self.dues([(1, false), (0, false)]) == [Due(), Due(publishClosed: true, forget: true)])
    }

    @Test func aStoreFileBeingCompletedKeepsTheConnectionRegistered() {
        #expect(Self.dues([(0, true), (0, true), (0, false)])
            == [Due(publishClosed: true), Due(), Due(forget: true)])
    }
}
