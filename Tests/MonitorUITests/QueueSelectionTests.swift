import AssociationEvents
import Foundation
import Testing
@testable import MonitorUI

/// After a decision the selection goes to the next request that waits, like a mail client to the next message.
@Suite struct QueueSelectionTests {
    typealias F = Fixtures

    /// Three requests waiting (#1, #2, #3, oldest first) and one established association (#4).
    static func queue() -> MonitorState {
        var s = F.apply(F.state(), F.opened(4), F.storeRequest(4), F.accepted(4))
        for id in 1...3 { s = F.apply(s, F.opened(id, at: Double(id)), F.dcmtkEcho(id, at: Double(id))) }
        return s
    }

    @Test(arguments: [
        ("a", [Key.char("a")]),
        ("A", [Key.char("A")]),
        ("r", [Key.char("r"), .enter]),
        ("R", [Key.char("R"), .enter]),
        ("x", [Key.char("x"), .tab, .enter]),
    ])
    func eachDecisionMovesToTheNextWaitingRequest(name: String, keys: [Key]) {
        var s = Self.queue()
        s.select(1)
        #expect(s.visibleIDs.prefix(3) == [1, 2, 3])
        var commands: [EngineCommand] = []
        for key in keys { commands += MonitorReducer.reduce(into: &s, .key(key)) }
        #expect(commands.count == 1 && commands.first?.associationID == 1, "\(name) decided #1")
        #expect(s.selected == 2, "after \(name) the selection is on the next waiting request")
        let (_, next) = F.keys(s, .char("a"))
        #expect(next == [.accept(association: 2, presentationContexts: nil, roleSelections: nil, remember: false)])
    }

    @Test func theLastWaitingRequestWrapsToAnEarlierOne() {
        var s = Self.queue()
        s.select(3)
        s = F.keys(s, .char("a")).0
        #expect(s.selected == 1)
    }

    @Test func theSelectionStaysWhenNoneWaits() {
        var s = Self.queue()
        s.select(1)
        s = F.keys(s, .char("a"), .char("a"), .char("a")).0
        #expect(s.selected == 3, "nothing waits any more: the last decided request stays selected")
        #expect(s.associations.values.filter { $0.commandSent == "accept" }.count == 3)
    }

    @Test func abortingAnEstablishedAssociationAlsoMovesOn() {
        var s = Self.queue()
        s.select(4)
        s = F.keys(s, .char("x"), .tab, .enter).0
        #expect(s.selected == 1)
    }

    @Test func cancelledDialogsLeaveTheSelection() {
        var s = Self.queue()
        s.select(1)
        s = F.keys(s, .char("r"), .escape, .char("x"), .enter).0
        #expect(s.selected == 1)
    }

    @Test func followModeKeepsItsMeaning() {
        var s = Self.queue()
        s.select(1)
        #expect(s.follow)
        s = F.keys(s, .char("a")).0
        #expect(s.follow, "deciding does not turn follow mode off")
        s = F.apply(s, F.opened(5, at: 9), F.dcmtkEcho(5, at: 9))
        #expect(s.selected == 2, "a new request does not steal the selection from a waiting one")
        s = F.keys(s, .char("f")).0
        s = F.keys(s, .char("a")).0
        #expect(!s.follow && s.selected == 3, "without follow the next waiting request is still selected")
    }
}

extension EngineCommand {
    /// The association a decision or an abort is about.
    var associationID: Int? {
        switch self {
        case .accept(let id, _, _, _), .reject(let id, _, _, _, _), .abort(let id): id
        default: nil
        }
    }
}

/// A rule remembered with `A`/`R` decides the requests already waiting that it matches (the engine answers them
/// with decidedBy rule); the front says how many and keeps the selection on a request that still waits.
@Suite struct RememberedRuleTests {
    typealias F = Fixtures

    static func byRule(_ id: Int, at seconds: Double) -> EngineEvent {
        .associationAccepted(AssociationAccepted(
            association: id, decidedBy: .rule,
            presentationContexts: [ContextDecision(id: 1, result: 0, transferSyntax: F.implicitLE)],
            roleSelections: [], maxPDULength: 16384, raw: [], time: F.t0.addingTimeInterval(seconds)))
    }

    @Test func theStatusLineSaysHowManyWaitingRequestsTheRuleDecided() {
        var s = F.state(size: TerminalSize(columns: 132, rows: 43))
        for id in 1...3 { s = F.apply(s, F.opened(id, at: Double(id)), F.dcmtkEcho(id, at: Double(id))) }
        s = F.apply(s, F.opened(4, at: 4), F.storeRequest(4, at: 4))
        s.select(1)
        let (asked, commands) = F.keys(s, .char("A"))
        #expect(commands == [.accept(association: 1, presentationContexts: nil, roleSelections: nil, remember: true)])
        #expect(asked.selected == 2)
        s = F.apply(asked, Self.byRule(2, at: 5), Self.byRule(3, at: 5), F.accepted(1, at: 5),
                    .ruleAdded(RuleAdded(rule: "accept calling=ECHOSCU peer=127.0.0.1", saved: false,
                                         decidedWaiting: 2, time: F.t0.addingTimeInterval(5))))
        #expect(s.message?.text == "rule added: accept calling=ECHOSCU peer=127.0.0.1; it decided 2 waiting requests")
        #expect(render(s, s.size).text.contains("it decided 2 waiting requests"))
        #expect(s.selected == 4, "the selected request was decided by the rule: the next waiting one is selected")
        #expect(s.counts.waiting == 1)
    }

    @Test func aRuleThatDecidedNothingSaysOnlyThatItWasAdded() {
        let s = F.apply(F.state(), .ruleAdded(RuleAdded(rule: "reject 1/1/3 calling=X", saved: false,
                                                       decidedWaiting: 0, time: F.t0)))
        #expect(s.message?.text == "rule added: reject 1/1/3 calling=X")
    }
}

/// `m` marks one request, `M` every waiting request of the same requestor; `a`/`r` then decide all marked ones.
@Suite struct MarkTests {
    typealias F = Fixtures

    /// #1–#3 from ECHOSCU at 127.0.0.1 (different ports), #4 from CT_SCANNER_01 at 10.1.2.3, #5 from ECHOSCU at
    /// another address.
    static func queue() -> MonitorState {
        var s = F.state(size: TerminalSize(columns: 132, rows: 43))
        for id in 1...3 {
            s = F.apply(s, F.opened(id, at: Double(id)), F.dcmtkEcho(id, peer: "127.0.0.1:5400\(id)", at: Double(id)))
        }
        s = F.apply(s, F.opened(4, at: 4), F.storeRequest(4, at: 4))
        s = F.apply(s, F.opened(5, peer: "192.168.7.20:1044", at: 5), F.dcmtkEcho(5, peer: "192.168.7.20:1044", at: 5))
        s.select(1)
        return s
    }

    @Test func markToggles() {
        let s = Self.queue()
        let (marked, _) = F.keys(s, .char("m"))
        #expect(marked.marked == [1])
        #expect(render(marked, marked.size).text.contains("marked:1"))
        #expect(F.keys(marked, .char("m")).0.marked.isEmpty)
    }

    @Test func capitalMMarksTheSameCallingAETitleAndPeerAddress() {
        let s = F.keys(Self.queue(), .char("M")).0
        #expect(s.marked == [1, 2, 3], "same calling AE title and address, any port; not #5 from another address")
    }

    @Test func acceptDecidesEveryMarkedRequest() {
        var s = Self.queue()
        s = F.keys(s, .char("m"), .char("j"), .char("j"), .char("j"), .char("m")).0
        #expect(s.marked == [1, 4])
        let (next, commands) = F.keys(s, .char("a"))
        #expect(commands == [
            .accept(association: 1, presentationContexts: nil, roleSelections: nil, remember: false),
            .accept(association: 4, presentationContexts: nil, roleSelections: nil, remember: false),
        ])
        #expect(next.marked.isEmpty)
        #expect(next.selected == 5, "the selection moves on from the decided #4")
    }

    @Test func acceptAndRememberCarriesOneRulePerRequestor() {
        var s = F.keys(Self.queue(), .char("M")).0
        s = F.keys(s, .char("G"), .char("m")).0
        let (_, commands) = F.keys(s, .char("A"))
        let remembered = commands.compactMap { command -> Int? in
            if case .accept(let id, _, _, true) = command { id } else { nil }
        }
        #expect(commands.count == 4)
        #expect(remembered == [1, 5], "one rule for ECHOSCU@127.0.0.1, one for ECHOSCU@192.168.7.20")
    }

    @Test func rejectAsksOnceForAllMarked() {
        var s = F.keys(Self.queue(), .char("M")).0
        s = F.keys(s, .char("r")).0
        guard case .reject(let dialog) = s.overlay else { Issue.record("no reject dialog"); return }
        #expect(dialog.targets == [1, 2, 3])
        #expect(render(s, s.size).text.contains("Reject 3 marked requests"))
        let (after, commands) = F.keys(s, .enter)
        #expect(commands == [1, 2, 3].map { .reject(association: $0, result: 1, source: 1, reason: 7, remember: false) })
        #expect(after.marked.isEmpty && after.selected == 4)
    }

    @Test func theDialogGoesOnWhenOneMarkedRequestEnds() {
        var s = F.keys(Self.queue(), .char("M"), .char("r")).0
        F.feed(&s, F.rejected(1, at: 30, by: .timeout))
        guard case .reject(let dialog) = s.overlay else { Issue.record("the dialog closed"); return }
        #expect(dialog.targets == [2, 3] && s.marked == [2, 3])
        let (_, commands) = F.keys(s, .enter)
        #expect(commands.count == 2)
    }

    @Test func onlyWaitingRequestsCanBeMarked() {
        var s = F.apply(F.state(), F.opened(1), F.storeRequest(1), F.accepted(1))
        s = F.keys(s, .char("m")).0
        #expect(s.marked.isEmpty && s.message?.isError == true)
    }
}
