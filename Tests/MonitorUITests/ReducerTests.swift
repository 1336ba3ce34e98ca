import AssociationEvents
import Foundation
import Testing
@testable import MonitorUI

@Suite struct ReducerTests {
    typealias F = Fixtures

    @Test func acceptSendsTheProposalUnchanged() {
        let s = F.apply(F.state(), F.opened(1), F.dcmtkEcho(1))
        #expect(s.selected == 1)
        let (next, commands) = F.keys(s, .char("a"))
        #expect(commands == [.accept(association: 1, presentationContexts: nil, roleSelections: nil, remember: false)])
        #expect(next.associations[1]?.commandSent == "accept")
        #expect(F.keys(next, .char("a")).1.isEmpty, "a second a must not send a second accept")
    }

    @Test func acceptSendsEditedContexts() {
        let s = F.apply(F.state(), F.opened(1), F.storeRequest(1))
        // Focus the Contexts tab, reject CT (context 1) with user-rejection, move to MR (3), cycle its syntax.
        let (edited, none) = F.keys(s, .char("2"), .space, .down, .char("t"))
        #expect(none.isEmpty)
        #expect(edited.associations[1]?.edits.count == 2)
        let (_, commands) = F.keys(edited, .char("A"))
        #expect(commands == [.accept(association: 1, presentationContexts: [
            ContextDecision(id: 1, result: 1, transferSyntax: nil),
            ContextDecision(id: 3, result: 0, transferSyntax: F.implicitLE),
            ContextDecision(id: 5, result: 3, transferSyntax: nil),
        ], roleSelections: nil, remember: true)])
    }

    @Test func toggleCyclesEveryResultAndBackToTheProposal() {
        var s = F.apply(F.state(), F.opened(1), F.storeRequest(1))
        s = F.keys(s, .char("2")).0
        #expect(s.focus == .detail, "the Contexts tab of a waiting request takes the keys")
        var results: [Int] = []
        for _ in 0..<5 {
            s = F.keys(s, .space).0
            results.append(s.associations[1]?.effectiveContexts.first?.result ?? -1)
        }
        #expect(results == [1, 2, 3, 4, 0])
        #expect(s.associations[1]?.edits.isEmpty == true, "back at the proposal, no edit remains")
        #expect(s.associations[1]?.effectiveContexts.first?.transferSyntax == F.explicitLE)
    }

    @Test func contextKeysDoNothingOutsideTheContextsTab() {
        let s = F.apply(F.state(), F.opened(1), F.storeRequest(1))
        let (next, _) = F.keys(s, .space, .char("t"))
        #expect(next.associations[1]?.edits.isEmpty == true)
    }

    @Test func rejectOpensTheDialogWithADefaultAndSendsTheChosenTriple() {
        let s = F.apply(F.state(), F.opened(1), F.dcmtkEcho(1))
        let (dialog, none) = F.keys(s, .char("r"))
        #expect(none.isEmpty)
        guard case .reject(let d) = dialog.overlay else { Issue.record("no reject dialog"); return }
        #expect(d.result == 1 && d.reason.source == 1 && d.reason.reason == 7, "called AE mismatch ⇒ 1/1/7")
        // Up once: 1/1/3 calling AE title not recognized; toggle to transient.
        let (_, commands) = F.keys(dialog, .up, .space, .enter)
        #expect(commands == [.reject(association: 1, result: 2, source: 1, reason: 3, remember: false)])
    }

    @Test func rejectDialogFollowsTheUsualResultUntilChosen() {
        let s = F.apply(F.state(), F.opened(1), F.storeRequest(1))
        let (dialog, _) = F.keys(s, .char("R"))
        guard case .reject(let d) = dialog.overlay else { Issue.record("no reject dialog"); return }
        #expect(d.reason.source == 1 && d.reason.reason == 1 && d.remember)
        // Down to 3/2 local-limit-exceeded: transient by default.
        // Up from the first reason wraps to the last one, 3/2 local-limit-exceeded.
        let (_, commands) = F.keys(dialog, .up, .enter)
        #expect(commands == [.reject(association: 1, result: 2, source: 3, reason: 2, remember: true)])
    }

    @Test func escapeCancelsTheRejectDialog() {
        let s = F.apply(F.state(), F.opened(1), F.dcmtkEcho(1))
        let (next, commands) = F.keys(s, .char("r"), .escape)
        #expect(commands.isEmpty && next.overlay == nil)
    }

    @Test func abortAsksWithTheFocusOnCancel() {
        let s = F.apply(F.state(), F.opened(1), F.storeRequest(1), F.accepted(1))
        let (cancelled, none) = F.keys(s, .char("x"), .enter)
        #expect(none.isEmpty && cancelled.overlay == nil, "Enter on the default focus cancels")
        let (_, commands) = F.keys(s, .char("x"), .tab, .enter)
        #expect(commands == [.abort(association: 1)])
    }

    @Test func abortIsRefusedOnFinishedAssociations() {
        var s = F.apply(F.state(), F.opened(1), F.storeRequest(1), F.accepted(1))
        F.feed(&s, F.released(1, at: 5))
        let (next, none) = F.keys(s, .char("x"))
        #expect(none.isEmpty && next.overlay == nil && next.message?.isError == true)
        #expect(F.keys(next, .tab, .enter).1.isEmpty)
    }

    @Test func countdownFollowsTheDeadline() {
        let s = F.apply(F.state(), F.opened(1), F.dcmtkEcho(1, deadline: 30))
        let at0 = render(s, s.size).text
        #expect(at0.contains("waiting 30s"))
        let later = MonitorReducer.reduce(s, .tick(F.t0.addingTimeInterval(26.2))).0
        #expect(render(later, later.size).text.contains("waiting 4s"))
        let past = MonitorReducer.reduce(s, .tick(F.t0.addingTimeInterval(45))).0
        #expect(render(past, past.size).text.contains("waiting 0s"))
    }

    @Test func waitingRequestsComeFirstAndFinishedNewestFirst() {
        let s = F.busy()
        #expect(s.visibleIDs == [5, 6, 4, 7, 3, 2, 1])
    }

    @Test func followSelectsNewRequestsButNeverLeavesAWaitingOne() {
        var s = F.apply(F.state(), F.opened(1), F.storeRequest(1), F.accepted(1))
        #expect(s.selected == 1)
        s = F.apply(s, F.opened(2), F.dcmtkEcho(2))
        #expect(s.selected == 2)
        s = F.apply(s, F.opened(3), F.dcmtkEcho(3))
        #expect(s.selected == 2, "a newer request must not steal the selection from a waiting one")
        s = F.keys(s, .char("f")).0
        #expect(!s.follow)
    }

    @Test func policyCyclesAskAcceptReject() {
        let s = F.state()
        let (one, c1) = F.keys(s, .char("p"))
        let (_, c2) = F.keys(one, .char("p"))
        #expect(c1 == [.setPolicy(.accept)] && c2 == [.setPolicy(.reject)])
    }

    @Test func filterNarrowsTheList() {
        let s = F.busy()
        let (filtered, _) = F.keys(s, .char("/"), .char("e"), .char("c"), .char("h"), .char("o"), .enter)
        #expect(filtered.filter == "echo")
        #expect(filtered.visibleIDs == [5, 2])
        let (cleared, _) = F.keys(filtered, .char("/"), .escape)
        #expect(cleared.visibleIDs.count == 7)
    }

    @Test func quitAsksWhileAssociationsAreLive() {
        let idle = F.state()
        let (gone, c0) = F.keys(idle, .char("q"))
        #expect(gone.exitRequested && c0 == [.shutdown])
        let busy = F.busy()
        let (asking, c1) = F.keys(busy, .char("q"))
        #expect(!asking.exitRequested && c1.isEmpty)
        let (left, c2) = F.keys(asking, .tab, .enter)
        #expect(left.exitRequested && c2 == [.shutdown])
        let (now, c3) = F.keys(busy, .ctrl("c"))
        #expect(now.exitRequested && c3 == [.shutdown])
    }

    @Test func dialogClosesWhenItsAssociationEnds() {
        var s = F.apply(F.state(), F.opened(1), F.dcmtkEcho(1))
        s = F.keys(s, .char("r")).0
        F.feed(&s, F.rejected(1, at: 30, by: .timeout))
        #expect(s.overlay == nil && s.message?.isError == true)
    }

    @Test func messageFindingsReachTheActivityTab() {
        var s = F.apply(F.state(), F.opened(1), F.storeRequest(1), F.accepted(1))
        F.feed(&s, F.carelessStore(1))
        let messages = (s.associations[1]?.activity ?? []).compactMap { entry -> DIMSEMessage? in
            if case .dimse(let m) = entry.kind { m } else { nil }
        }
        #expect(messages.map(\.direction) == [.received, .sent])
        #expect(messages.first?.findings == F.storeFindings)
        #expect(messages.last?.findings == nil)
        #expect(s.associations[1]?.messages == 2)
    }

    @Test func activityIsCappedPerAssociation() {
        var s = F.apply(F.state(), F.opened(1), F.storeRequest(1), F.accepted(1))
        F.feed(&s, F.storeTraffic(1, count: 300))
        #expect(s.associations[1]?.activity.count == AssociationSummary.activityLimit)
        #expect(s.associations[1]?.messages == 600)
        #expect((s.associations[1]?.droppedActivity ?? 0) > 0)
    }

    @Test func thousandsOfFinishedAssociationsScroll() {
        var s = F.state()
        for id in 1...3000 {
            F.feed(&s, [F.opened(id), F.dcmtkEcho(id)])
            F.feed(&s, F.rejected(id, at: 1))
        }
        s = F.keys(s, .char("G")).0
        #expect(s.selected == 1)
        let screen = render(s, s.size)
        #expect(screen.text.contains("3000 of 3000"))
        #expect(screen.text.contains("#1 "))
    }

    @Test func tooSmallOnlyQuits() {
        var s = F.busy()
        s = MonitorReducer.reduce(s, .resize(TerminalSize(columns: 60, rows: 20))).0
        #expect(F.keys(s, .char("a")).1.isEmpty)
        #expect(F.keys(s, .char("q")).0.exitRequested)
    }
}

@Suite struct MouseTests {
    typealias F = Fixtures

    @Test func clicksSelectRowsAndTabs() {
        var s = F.busy()
        let layout = Layout(size: s.size)
        // Third visible row is #4 (after the two waiting requests).
        _ = MonitorReducer.reduce(into: &s, .click(row: layout.listTop + 2, column: 10))
        #expect(s.selected == 4 && s.focus == .list && !s.follow)
        let activity = Layout.tabSpans().first { $0.0 == .activity }?.1.lowerBound ?? 0
        _ = MonitorReducer.reduce(into: &s, .click(row: layout.tabBarRow, column: activity + 1))
        #expect(s.tab == .activity && s.focus == .detail)
        // Clicks below the last row select nothing new; clicks under a dialog do nothing.
        _ = MonitorReducer.reduce(into: &s, .click(row: layout.listTop + layout.listHeight - 1, column: 3))
        #expect(s.selected == 4)
        s = F.keys(s, .char("?")).0
        _ = MonitorReducer.reduce(into: &s, .click(row: layout.listTop, column: 3))
        #expect(s.selected == 4)
    }
}
