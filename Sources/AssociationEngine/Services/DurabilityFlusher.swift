import Foundation

/// Makes stored files durable in the background for `StorageSyncMode.release`, in batches, on a dedicated thread.
///
/// Each file linked into place takes a ticket (`register()`, increasing); the flusher thread repeatedly forces
/// everything registered so far to stable storage with one call (`syncfs(2)` on Linux: the file data and the
/// directory entries of the links, in one journal commit) and then calls the callbacks of the tickets it covered.
/// Nobody waits: a flush runs at most `interval` after a file was registered, at once when someone waits for a
/// ticket (`whenDurable`). One flush for many files costs about what one `fsync` of the last file would, which is
/// why this mode is far faster than `fsync` before every C-STORE-RSP.
///
/// The callbacks run on the flusher thread; never block in them.
public final class DurabilityFlusher: Sendable {
    /// Forces the file system of the storage directory to stable storage; returns the `errno` of a failure.
    public typealias FileSystemSync = @Sendable () -> Int32?

    private final class State: @unchecked Sendable {
        // Guarded by `condition`.
        var registered: UInt64 = 0
        var durable: UInt64 = 0
        var waiters: [(ticket: UInt64, body: @Sendable (Int32?) -> Void)] = []
        var stopping = false
        var flushes = 0
    }

    private let condition = NSCondition()
    private let state = State()
    private let interval: TimeInterval
    private let sync: FileSystemSync

    /// - Parameters:
    ///   - interval: how long a registered file may wait for a flush when nobody waits for it, seconds.
    ///   - sync: the flush itself (tests inject a slow or counting one).
    public init(interval: TimeInterval = 1, sync: @escaping FileSystemSync) {
        self.interval = interval
        self.sync = sync
        let thread = Thread { [condition, state, interval, sync] in
            Self.run(condition: condition, state: state, interval: interval, sync: sync)
        }
        thread.name = "assocmon.flusher"
        thread.start()
    }

    deinit {
        condition.lock()
        state.stopping = true
        condition.broadcast()
        condition.unlock()
    }

    /// Takes a ticket for a file that is now linked in place and not yet durable.
    public func register() -> UInt64 {
        condition.lock()
        defer { condition.unlock() }
        state.registered += 1
        condition.broadcast()
        return state.registered
    }

    /// Calls `body` (on the flusher thread, or at once here if already true) when every file up to `ticket` is on
    /// stable storage, with nil, or with the `errno` of a failed flush.
    public func whenDurable(_ ticket: UInt64, _ body: @escaping @Sendable (Int32?) -> Void) {
        condition.lock()
        if state.durable >= ticket {
            condition.unlock()
            return body(nil)
        }
        state.waiters.append((ticket, body))
        condition.broadcast()
        condition.unlock()
    }

    /// Async form of `whenDurable(_:_:)`.
    public func durable(_ ticket: UInt64) async -> Int32? {
        await withCheckedContinuation { (continuation: CheckedContinuation<Int32?, Never>) in
            whenDurable(ticket) { continuation.resume(returning: $0) }
        }
    }

    /// Tickets up to this one are durable.
    public var durableTicket: UInt64 {
        condition.lock()
        defer { condition.unlock() }
        return state.durable
    }

    /// Flushes performed so far.
    public var flushCount: Int {
        condition.lock()
        defer { condition.unlock() }
        return state.flushes
    }

    private static func run(condition: NSCondition, state: State, interval: TimeInterval, sync: FileSystemSync) {
        condition.lock()
        var firstPending: Date?
        while true {
            if state.registered == state.durable {
                if state.stopping { break }
                firstPending = nil
                condition.wait()
                continue
            }
            let now = Date()
            let since = firstPending ?? now
            firstPending = since
            if state.waiters.isEmpty, !state.stopping, now.timeIntervalSince(since) < interval {
                _ = condition.wait(until: since.addingTimeInterval(interval))
                continue
            }
            let target = state.registered
            condition.unlock()
            let error = sync()
            condition.lock()
            state.flushes += 1
            firstPending = nil
            var ready: [@Sendable (Int32?) -> Void] = []
            if let error {
                // Nothing is known to be durable: fail the waiters, keep the files pending for the next flush.
                ready = state.waiters.map(\.body)
                state.waiters.removeAll()
                condition.unlock()
                ready.forEach { $0(error) }
                condition.lock()
                continue
            }
            state.durable = max(state.durable, target)
            ready = state.waiters.filter { $0.ticket <= target }.map(\.body)
            state.waiters.removeAll { $0.ticket <= target }
            condition.unlock()
            ready.forEach { $0(nil) }
            condition.lock()
        }
        condition.unlock()
    }
}
