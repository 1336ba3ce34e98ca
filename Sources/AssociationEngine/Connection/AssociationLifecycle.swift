/// The end of one connection as a value, back in Sta1 (PS3.8 §9.2): `connection-closed` is the last event of the
/// association — after the `stored` events of tap copies still being completed — and the engine forgets the
/// connection only once no store file is being completed or removed, so a graceful stop never ends with a partial
/// file.
struct AssociationLifecycle: Equatable {
    /// A graceful stop is under way: a held request is refused, an established association aborted.
    var shuttingDown = false
    /// The transport connection is gone.
    private(set) var closed = false
    private var closedPublished = false
    private var forgotten = false

    /// What is due after a change: publish `connection-closed`, let the engine forget the connection.
    struct Due: Equatable {
        var publishClosed = false
        var forget = false
    }

    /// The transport closed; false when it was already.
    mutating func close() -> Bool {
        guard !closed else { return false }
        closed = true
        return true
    }

    /// What is due now, given the tap copies still being completed and whether a store file is still being
    /// completed or removed (`busy`); each is due once.
    mutating func due(copiesFinishing: Int, busy: Bool) -> Due {
        var due = Due()
        if closed, !closedPublished, copiesFinishing == 0 {
            closedPublished = true
            due.publishClosed = true
        }
        if closedPublished, !forgotten, !busy {
            forgotten = true
            due.forget = true
        }
        return due
    }
}
