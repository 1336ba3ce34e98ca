/// Which finished associations the front still keeps, in the order they finished, and how many it let go.
///
/// A monitor that runs for weeks beside a busy modality sees millions of associations; keeping every finished
/// one would grow without end. Past `limit`, the one that finished longest ago is dropped from memory (the
/// `--events` audit log keeps everything). Waiting and live associations are never in this list, so never dropped.
public struct FinishedHistory: Sendable, Equatable {
    /// `--history` when not given.
    public static let defaultLimit = 10_000

    /// How many finished associations are kept at most.
    public var limit: Int
    /// How many finished associations were dropped so far.
    public private(set) var dropped = 0
    /// Finished association ids, oldest first, from `head` on (the prefix is already consumed).
    private var ids: [Int] = []
    private var head = 0
    /// Dropped ids still listed in `MonitorState.order`; removed in one pass once there are many.
    var staleOrderEntries = 0

    public init(limit: Int = Self.defaultLimit) {
        self.limit = max(0, limit)
    }

    /// Finished associations kept.
    public var count: Int { ids.count - head }

    /// Records that `id` has just finished.
    mutating func finished(_ id: Int) {
        ids.append(id)
    }

    /// The oldest finished id beyond `limit`, now counted as dropped; `nil` when within the limit.
    mutating func popOverflow() -> Int? {
        guard count > limit else { return nil }
        let id = ids[head]
        head += 1
        dropped += 1
        staleOrderEntries += 1
        // Reclaim the consumed prefix now and then: amortized O(1) per association.
        if head >= 4_096, head * 2 >= ids.count {
            ids.removeFirst(head)
            head = 0
        }
        return id
    }
}
