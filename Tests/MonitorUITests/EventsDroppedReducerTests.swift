import AssociationEvents
import Foundation
import Testing
@testable import MonitorUI

/// When the front fell behind, the engine sends counts instead of DIMSE events; the counters stay right and the
/// Activity tab says what is missing.
@Suite struct EventsDroppedReducerTests {
    typealias F = Fixtures

    @Test func countsReachTheAssociationAndTheActivityTab() {
        var s = F.apply(F.state(), F.opened(1), F.storeRequest(1), F.accepted(1))
        F.feed(&s, F.storeTraffic(1, count: 1))
        let before = s.associations[1]?.messages ?? 0
        s = F.apply(s, .eventsDropped(EventsDropped(dropped: 6, limit: 10_000, since: F.t0, associations: [
            EventsDropped.Tally(association: 1, messages: 6, bytes: 3_000, notSuccessful: 0, commands: [
                EventsDropped.CommandCount(command: "C-STORE-RQ", count: 3),
                EventsDropped.CommandCount(command: "C-STORE-RSP", count: 3),
            ]),
            // An association the front no longer keeps: ignored.
            EventsDropped.Tally(association: 99, messages: 2, bytes: 0, notSuccessful: 0, commands: []),
        ], time: F.t0.addingTimeInterval(5))))
        #expect(s.associations[1]?.messages == before + 6)
        #expect(s.associations[99] == nil)
        guard case .note(let text) = s.associations[1]?.activity.last?.kind else {
            Issue.record("expected a note in the Activity tab"); return
        }
        #expect(text.contains("6 DIMSE messages not shown") && text.contains("3 C-STORE-RQ"))
        #expect(s.message?.isError == true)
    }
}
