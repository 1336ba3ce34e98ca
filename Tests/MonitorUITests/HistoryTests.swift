import AssociationEvents
import Foundation
import Testing
@testable import MonitorUI

/// `--history N`: finished associations beyond the newest N are dropped from memory, the one that finished longest
/// ago first; waiting and live ones never are, and the selection always names a kept association.
@Suite struct HistoryTests {
    typealias F = Fixtures

    /// An association that is opened, requested and rejected at once (finished).
    static func finished(_ id: Int, _ state: inout MonitorState) {
        F.feed(&state, [F.opened(id, at: Double(id)), F.dcmtkEcho(id, at: Double(id))] + F.rejected(id, at: Double(id)))
    }

    @Test func keepsOnlyTheNewestFinishedAssociations() {
        var s = F.state()
        s.history.limit = 5
        for id in 1...12 { Self.finished(id, &s) }
        #expect(s.history.dropped == 7)
        #expect(s.history.count == 5)
        #expect(Set(s.associations.keys) == Set(8...12), "the five that finished last are kept")
        #expect(Set(s.phases.keys) == Set(8...12))
        #expect(s.visibleIDs == [12, 11, 10, 9, 8])
        #expect(s.counts.finished == 5)
    }

    @Test func neverDropsWaitingOrLiveAssociations() {
        var s = F.state()
        s.history.limit = 2
        // 1 waits for a decision, 2 is established, 3 is still in Sta2; then many finish around them.
        s = F.apply(s, F.opened(1), F.dcmtkEcho(1), F.opened(2), F.storeRequest(2), F.accepted(2), F.opened(3))
        for id in 4...40 { Self.finished(id, &s) }
        #expect(s.associations[1]?.phase == .waiting)
        #expect(s.associations[2]?.phase == .established)
        #expect(s.associations[3]?.phase == .connecting)
        #expect(Set(s.associations.keys) == [1, 2, 3, 39, 40])
        #expect(s.history.dropped == 35)
        // Once 2 finishes it joins the history; the oldest kept finished one (39) goes.
        F.feed(&s, F.released(2, at: 50))
        #expect(Set(s.associations.keys) == [1, 2, 3, 40])
        #expect(s.history.dropped == 36)
    }

    @Test func selectionMovesOffADroppedAssociation() {
        var s = F.state()
        s.history.limit = 3
        for id in 1...3 { Self.finished(id, &s) }
        // The operator picks the oldest finished row and stops following.
        s = F.keys(s, .char("G")).0
        #expect(s.selected == 1)
        #expect(s.follow == false)
        Self.finished(4, &s)
        #expect(s.associations[1] == nil)
        #expect(s.selected.map { s.associations[$0] != nil } == true, "the selection names a kept association")
        #expect(s.visibleIDs.contains(s.selected ?? -1))
    }

    @Test func listOrderIsCompactedAfterManyDrops() {
        var s = F.state()
        s.history.limit = 10
        for id in 1...3_000 { Self.finished(id, &s) }
        #expect(s.history.dropped == 2_990)
        #expect(s.order.count < 3_000, "dropped ids do not stay in the list order forever")
        #expect(s.order.filter { s.associations[$0] != nil }.count == 10)
        #expect(s.visibleIDs == Array((2_991...3_000).reversed()))
    }

    @Test func rawPDUsAreKeptAsBytesNotHex() {
        let s = F.apply(F.state(), F.opened(1), F.dcmtkEcho(1))
        let summary = s.associations[1]
        #expect(summary?.request?.raw == [])
        #expect(summary?.rawRequest.count == F.dcmtkEchoRaw.count)
        #expect(summary?.rawRequest.prefix(6) == [0x01, 0x00, 0x00, 0x00, 0x00, 0xCD])
    }

    @Test func statusLineCountsDroppedAndPointsToTheAuditLog() {
        var s = F.state(size: TerminalSize(columns: 132, rows: 43))
        s.history.limit = 1
        for id in 1...4 { Self.finished(id, &s) }
        let row = MonitorRenderer.render(s, size: s.size).line(0)
        #expect(row.contains("+3 dropped (--events FILE keeps all)"), "status line: \(row)")
        s.size = TerminalSize(columns: 80, rows: 24)
        let narrow = MonitorRenderer.render(s, size: s.size).line(0)
        #expect(narrow.contains("3 dropped"), "status line at 80 columns: \(narrow)")
    }
}

extension HistoryTests {
    @Test func repeatedRequestsShareTheirStorage() {
        var s = F.state()
        F.feed(&s, [F.opened(1), F.dcmtkEcho(1), F.opened(2, at: 1), F.dcmtkEcho(2, at: 1)])
        let first = s.associations[1], second = s.associations[2]
        #expect(first?.request?.presentationContexts == second?.request?.presentationContexts)
        let rawFirst = first?.rawRequest.withUnsafeBufferPointer { $0.baseAddress }
        let rawSecond = second?.rawRequest.withUnsafeBufferPointer { $0.baseAddress }
        #expect(rawFirst != nil && rawFirst == rawSecond, "the same A-ASSOCIATE-RQ bytes are kept once")
        #expect(second?.rawRequest == F.dcmtkEchoRaw)
    }
}
