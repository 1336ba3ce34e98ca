import AssociationEngine
import AssociationEvents
import Foundation
import NIOConcurrencyHelpers

/// A running engine on an ephemeral loopback port with every event recorded, for one test.
final class EngineHarness: Sendable {
    let engine: AssociationEngine
    let port: Int
    private let recorded = NIOLockedValueBox<[EngineEvent]>([])
    private let consumer: Task<Void, Never>

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
        port = try await engine.start()
    }

    var events: [EngineEvent] { recorded.withLockedValue { $0 } }

    /// Waits (polling every 10 ms, at most `timeout`) for an event matching `predicate`.
    func waitFor(_ timeout: Duration = .seconds(10),
                 _ predicate: (EngineEvent) -> Bool) async -> EngineEvent? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let event = events.first(where: predicate) { return event }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return events.first(where: predicate)
    }

    func events(of association: Int) -> [EngineEvent] { events.filter { $0.association == association } }

    func stop() async {
        await engine.shutdown(reason: "test done")
        _ = await consumer.value
    }
}

extension EngineEvent {
    var requested: AssociationRequested? { if case .associationRequested(let e) = self { e } else { nil } }
    var accepted: AssociationAccepted? { if case .associationAccepted(let e) = self { e } else { nil } }
    var rejected: AssociationRejected? { if case .associationRejected(let e) = self { e } else { nil } }
    var aborted: Aborted? { if case .aborted(let e) = self { e } else { nil } }
    var isClosed: Bool { if case .connectionClosed = self { true } else { false } }
    var errorMessage: String? { if case .error(let e) = self { e.message } else { nil } }
    var dimseMessage: DIMSEMessage? { if case .dimse(let e) = self { e } else { nil } }
    var stored: Stored? { if case .stored(let e) = self { e } else { nil } }
}
