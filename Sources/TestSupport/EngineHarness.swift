import AssociationEngine
import AssociationEvents
import Foundation
import NIOConcurrencyHelpers

/// A running engine on an ephemeral loopback port with every event recorded, for one test. Made and stopped by
/// `withEngine(storage:configure:_:)`, which awaits the stop.
public final class EngineHarness: Sendable {
    public let engine: AssociationEngine
    public let port: Int
    private let recorded = NIOLockedValueBox<[EngineEvent]>([])
    private let consumer: Task<Void, Never>

    /// Internal: a test gets a harness from `withEngine`, so that its stop is always awaited.
    /// - Parameter storage: a storage writer of the test's own (injected flushes), instead of the options'.
    init(storage: StorageWriter? = nil, configure: (inout EngineOptions) -> Void = { _ in }) async throws {
        var options = EngineOptions()
        options.bindHost = "127.0.0.1"
        options.port = 0
        options.noStore = true
        configure(&options)
        let engine = AssociationEngine(options: options, storage: storage)
        self.engine = engine
        let recorded = self.recorded
        consumer = Task {
            for await event in engine.events { recorded.withLockedValue { $0.append(event) } }
        }
        do {
            port = try await engine.start()
        } catch {
            await engine.shutdown(reason: "start failed")
            _ = await consumer.value
            throw error
        }
    }

    public var events: [EngineEvent] { recorded.withLockedValue { $0 } }

    /// Waits (checking every 10 ms, at most `timeout`) for an event matching `predicate`.
    public func waitFor(_ timeout: Duration = .seconds(10),
                        _ predicate: (EngineEvent) -> Bool) async -> EngineEvent? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let event = events.first(where: predicate) { return event }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return events.first(where: predicate)
    }

    public func events(of association: Int) -> [EngineEvent] { events.filter { $0.association == association } }

    /// Shuts the engine down (waiting requests rejected, running stores given their grace) and waits until it has
    /// stopped and its last event is recorded. Calling it again waits for the same stop.
    public func stop() async {
        await engine.shutdown(reason: "test done")
        _ = await consumer.value
    }
}
