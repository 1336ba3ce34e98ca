import AssociationEvents
import Foundation
import Testing
@testable import MonitorUI

/// The Contexts tab's one-line view, its summary, grouping by outcome, and editing in both.
@Suite struct ContextsViewTests {
    typealias F = Fixtures

    static func many(size: TerminalSize = TerminalSize(columns: 132, rows: 43)) -> MonitorState {
        var s = F.apply(F.state(size: size), F.opened(1), F.manyContexts(1))
        s.naming = .standard
        return F.keys(s, .char("2")).0
    }

    @Test func oneLinePerContextOnlyWhenTheFullViewDoesNotFit() throws {
        let few = F.apply(F.state(), F.opened(1), F.storeRequest(1))
        #expect(!few.contextsCompact(try #require(few.associations[1])))
        let s = Self.many()
        #expect(s.contextsCompact(try #require(s.associations[1])))
        let text = render(s, s.size).text
        #expect(text.contains("126 accepted · 1 abstract syntax not supported · 1 transfer syntaxes not supported"))
        #expect(text.contains("/130"), "header, summary and one line for each of the 128 contexts")
    }

    @Test func groupingPutsEachOutcomeTogetherAndTheCursorFollowsTheListedOrder() throws {
        var s = F.keys(Self.many(), .char("o")).0
        #expect(s.contextsGrouped)
        let summary = try #require(s.associations[1])
        let order = s.contextDisplayOrder(summary)
        let proposed = try #require(summary.request?.presentationContexts)
        #expect(order.prefix(126).allSatisfy { summary.shownContexts[$0].result == 0 })
        #expect(order.suffix(2).map { proposed[$0].id } == [81, 181], "result 3 (private SOP class), then result 4")
        s = F.keys(s, .char("G")).0
        #expect(proposed[s.contextCursor].id == 181, "G goes to the last listed context, not the last proposed")
        s = F.keys(s, .up).0
        #expect(proposed[s.contextCursor].id == 81)
        let text = render(s, TerminalSize(columns: 80, rows: 24)).text
        #expect(text.contains("1 abstract syntax not supported\n") || text.contains("1 abstract syntax not supported "))
    }

    @Test func editingWorksTheSameInTheGroupedOneLineView() throws {
        // On the private SOP class (result 3), Space cycles to 4, 0 (accept with its only syntax), ...
        var s = F.keys(Self.many(), .char("o"), .char("G"), .up, .space, .space).0
        let summary = try #require(s.associations[1])
        #expect(summary.edits[81] == ContextDecision(id: 81, result: 0, transferSyntax: F.implicitLE))
        #expect(summary.differsFromProposal(81, shown: summary.shownContexts))
        // The edited context moved to the accepted group; the cursor stayed on it.
        #expect(summary.request?.presentationContexts[s.contextCursor].id == 81)
        s = F.keys(s, .char("g")).0
        #expect(summary.request?.presentationContexts[s.contextCursor].id == 1, "g: the first listed context")
        #expect(render(s, s.size).text.contains("≠ 1 not as the engine proposed"))
        let (_, commands) = F.keys(s, .char("a"))
        guard case .accept(1, let contexts?, nil, false) = commands.first else {
            Issue.record("no edited accept: \(commands)"); return
        }
        #expect(contexts.count == 128 && contexts.first { $0.id == 81 }?.result == 0)
        s = F.keys(s, .char("u")).0
        #expect(s.associations[1]?.edits.isEmpty == true)
    }

    @Test func anAnswerThatDiffersFromTheProposalIsMarkedAfterTheDecision() {
        var s = F.apply(F.state(size: TerminalSize(columns: 132, rows: 43)), F.opened(1), F.storeRequest(1))
        s = F.apply(s, .associationAccepted(AssociationAccepted(
            association: 1, decidedBy: .operator,
            presentationContexts: [ContextDecision(id: 1, result: 0, transferSyntax: F.jpegLossless),
                                   ContextDecision(id: 3, result: 0, transferSyntax: F.explicitLE),
                                   ContextDecision(id: 5, result: 3)],
            roleSelections: [], maxPDULength: 16384, raw: [], time: F.t0)))
        s = F.keys(s, .char("2")).0
        let text = render(s, s.size).text
        #expect(text.contains("  1 ≠ CT Image Storage"))
        #expect(text.components(separatedBy: "≠").count == 2, "only context 1 differs")
    }
}
