import AssociationEvents
/// `AssociationEngine.events`: every event the engine produces, in order per association, for one consumer.
///
/// Each step takes a whole batch from the engine's `EngineEventQueue` (everything queued since the last one) and
/// hands it out one event at a time; the sequence ends after the engine has stopped and the last event is out.
public struct EngineEvents: AsyncSequence, Sendable {
    public typealias Element = EngineEvent

    let queue: EngineEventQueue

    public func makeAsyncIterator() -> Iterator {
        Iterator(queue: queue)
    }

    public struct Iterator: AsyncIteratorProtocol {
        let queue: EngineEventQueue
        private var batch: [EngineEvent] = []
        private var index = 0

        init(queue: EngineEventQueue) {
            self.queue = queue
        }

        /// Events of the current batch not yet handed out: when false, the next `next()` waits for the engine. A
        /// consumer that writes in batches flushes then (the headless runner: one `write(2)` per batch, on its own
        /// thread, instead of a timer and another thread's wake-up).
        public var hasBufferedEvents: Bool { index < batch.count }

        public mutating func next() async -> EngineEvent? {
            if index == batch.count {
                batch = await queue.take()
                index = 0
                guard !batch.isEmpty else { return nil }
            }
            defer { index += 1 }
            return batch[index]
        }
    }
}
