import AssociationEngine
import AssociationEvents
import NIOConcurrencyHelpers

/// The teardown of `withEngine` did not finish in time: the engine kept a connection or a task alive.
public struct EngineTeardownTimedOut: Error, CustomStringConvertible {
    public var description: String { "the engine did not stop within \(limit) after the test" }
    public var limit: Duration
}

/// Runs `body` against an engine of its own (loopback, an ephemeral port, `noStore` unless `configure` says
/// otherwise), then stops the engine and waits for the stop, whether `body` returned or threw: nothing of one
/// test's engine outlives the test. A stop that takes longer than `teardownLimit` fails the test with
/// `EngineTeardownTimedOut` instead of hanging it.
public func withEngine<Result>(
    storage: StorageWriter? = nil, teardownLimit: Duration = .seconds(30),
    configure: (inout EngineOptions) -> Void = { _ in },
    _ body: (EngineHarness) async throws -> Result
) async throws -> Result {
    let harness = try await EngineHarness(storage: storage, configure: configure)
    let result: Result
    do {
        result = try await body(harness)
    } catch {
        try await harness.stop(within: teardownLimit)
        throw error
    }
    try await harness.stop(within: teardownLimit)
    return result
}

extension EngineHarness {
    /// `stop()`, bounded: throws when the stop has not finished after `limit` (it goes on in the background), or
    /// at once when the test's task is cancelled (a time limit).
    func stop(within limit: Duration) async throws {
        let stopped = NIOLockedValueBox(false)
        Task {
            await stop()
            stopped.withLockedValue { $0 = true }
        }
        let deadline = ContinuousClock.now + limit
        while !stopped.withLockedValue({ $0 }) {
            guard ContinuousClock.now < deadline else { throw EngineTeardownTimedOut(limit: limit) }
            try await Task.sleep(for: .milliseconds(10))
        }
    }
}
