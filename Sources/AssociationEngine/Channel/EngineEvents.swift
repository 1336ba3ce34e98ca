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
