import AssociationEvents
import Foundation
import Testing
@testable import MonitorUI

/// The pump that feeds engine events to the curses thread waits while the front has not taken what it was given,
/// so a stalled front leaves events in the engine's bounded queue instead of an ever-growing inbox.
@Suite(.timeLimit(.minutes(1)))
struct FrontBackPressureTests {
    static let event = EngineEvent.policyChanged(PolicyChanged(policy: .accept, time: Fixtures.t0))

    @Test func waitsWhileTheFrontIsBehindAndNotAfterItEnded() async throws {
        let monitor = CursesMonitor(options: MonitorOptions()) { _ in }
        for _ in 0..<5 { monitor.post(Self.event) }
        // Within the limit: no wait.
        await monitor.waitForRoom(limit: 10)
        for _ in 0..<20 { monitor.post(Self.event) }
        let returned = Flag()
        let waiter = Task {
            await monitor.waitForRoom(limit: 10)
            await returned.set()
        }
        try await Task.sleep(for: .milliseconds(200))
        #expect(await returned.value == false, "25 inputs not taken, limit 10: the pump waits")
        // A front that has ended takes nothing more; the pump must not wait for it.
        monitor.endForTesting()
        await waiter.value
        #expect(await returned.value)
    }
}

private actor Flag {
    private(set) var value = false
    func set() { value = true }
}
