import Foundation

/// The locked hand-over between the engine's threads and the one thread that owns curses: producers append,
/// the curses thread drains once per loop turn. Never blocks the engine for longer than an append.
final class MonitorInbox: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [MonitorInput] = []
    private var ended = false

    /// Inputs not yet drained.
    var count: Int {
        lock.lock()
        defer { lock.unlock() }
        return items.count
    }

    /// True once the curses thread has stopped draining.
    var hasEnded: Bool {
        lock.lock()
        defer { lock.unlock() }
        return ended
    }

    func end() {
        lock.lock()
        ended = true
        items.removeAll()
        lock.unlock()
    }

    func append(_ input: MonitorInput) {
        lock.lock()
        items.append(input)
        lock.unlock()
    }

    func drain() -> [MonitorInput] {
        lock.lock()
        defer { lock.unlock() }
        let out = items
        items.removeAll(keepingCapacity: true)
        return out
    }
}
