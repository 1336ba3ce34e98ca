import AssociationEvents
import Foundation
import Testing
@testable import MonitorUI

/// Every screen state at 80×24 and 132×43, compared with text snapshots in `Snapshots/`.
@Suite struct RendererSnapshotTests {
    typealias F = Fixtures
    static let sizes = [TerminalSize(columns: 80, rows: 24), TerminalSize(columns: 132, rows: 43)]

    private func check(_ name: String, _ make: (TerminalSize) -> MonitorState,
                       sourceLocation: SourceLocation = #_sourceLocation) {
        for size in Self.sizes {
            var state = make(size)
            _ = MonitorReducer.reduce(into: &state, .resize(size))
            let screen = render(state, size)
            #expect(screen.columns == size.columns && screen.rows == size.rows)
            assertSnapshot(screen, named: "\(name)-\(size.columns)x\(size.rows)", sourceLocation: sourceLocation)
        }
    }

    @Test func emptyScreen() {
        check("empty") { F.state(size: $0) }
    }

    @Test func queueWithWaitingRequests() {
        check("queue") { F.busy(size: $0) }
    }

    /// The engine's admission limits and their use in the status line: 2 silent connections of 64, 3 open
    /// associations of 256, the busiest peer address holding 3 open connections of 32.
    @Test func queueWithAdmissionLimits() {
        check("limits") { size in
            var s = F.busy(size: size)
            s.listening = [Listening(addresses: ["0.0.0.0:11112"], aeTitle: "ASSOCMON", policy: .ask, tls: false,
                                     maxAssociations: 256, maxPending: 64, maxPerPeer: 32, time: F.t0)]
            s = F.apply(s, F.opened(90, peer: "127.0.0.1:54090"))
            return s
        }
    }

    @Test func requestTabOfADCMTKRequest() {
        check("request-dcmtk") { size in
            var s = F.busy(size: size)
            s.selected = 5
            return s
        }
    }

    @Test func requestTabWithFindingsAndUserIdentity() {
        check("request-findings") { size in
            var s = F.busy(size: size)
            s.selected = 6
            return s
        }
    }

    @Test func contextsBeingEdited() {
        check("contexts-editing") { size in
            var s = F.busy(size: size)
            s.selected = 6
            return F.keys(s, .char("2"), .space, .down, .char("t")).0
        }
    }

    @Test func contextsOutcomeAfterAccept() {
        check("contexts-outcome") { size in
            var s = F.busy(size: size)
            s.selected = 4
            return F.keys(s, .char("2")).0
        }
    }

    /// A waiting request proposing 128 contexts, the Contexts tab focused, the cursor on the 4th context, which
    /// is edited (toggled to user-rejection).
    static func manyContexts(_ size: TerminalSize) -> MonitorState {
        var s = F.busy(size: size)
        s.naming = .standard
        s = F.apply(s, F.opened(8, peer: "10.1.2.3:40200", at: 20.5), F.manyContexts(8, at: 20.5))
        s.select(8)
        return F.keys(s, .char("2"), .down, .down, .down, .space).0
    }

    @Test func contextsCompactWhenTheyDoNotFit() {
        check("contexts-compact") { Self.manyContexts($0) }
    }

    @Test func contextsGroupedByOutcome() {
        check("contexts-grouped") { F.keys(Self.manyContexts($0), .char("o"), .char("G")).0 }
    }

    @Test func rejectDialog() {
        check("reject-dialog") { size in
            var s = F.busy(size: size)
            s.selected = 5
            return F.keys(s, .char("r")).0
        }
    }

    @Test func abortConfirmation() {
        check("abort-confirm") { size in
            var s = F.busy(size: size)
            s.selected = 4
            return F.keys(s, .char("x")).0
        }
    }

    @Test func help() {
        check("help") { F.keys(F.busy(size: $0), .char("?")).0 }
    }

    @Test func activityWithCStoreRows() {
        check("activity") { size in
            var s = F.busy(size: size)
            s.selected = 1
            return F.keys(s, .char("3")).0
        }
    }

    /// The reassembler's findings about a received message, one line each under it, coloured like the request's.
    @Test func activityWithMessageFindings() {
        check("activity-findings") { size in
            var s = F.apply(F.state(size: size), F.opened(1), F.storeRequest(1), F.accepted(1))
            F.feed(&s, F.carelessStore(1))
            s.selected = 1
            return F.keys(s, .char("3")).0
        }
    }

    /// Who and what each C-STORE carried, read from its data set, one line under it; findings after it.
    @Test func activityWithDataSets() {
        check("activity-dataset") { size in
            var s = F.apply(F.state(size: size), F.opened(1), F.storeRequest(1), F.accepted(1))
            F.feed(&s, F.storesWithDataSets(1))
            s.selected = 1
            return F.keys(s, .char("3")).0
        }
    }

    /// A query's level and keys with their matching, each pending response's identifier, a storage commitment's
    /// instances and an MPPS step, each under its message.
    @Test func activityWithQueries() {
        check("activity-query") { size in
            var s = F.apply(F.state(size: size), F.opened(1), F.storeRequest(1), F.accepted(1))
            F.feed(&s, F.queriesWithIdentifiers(1))
            s.selected = 1
            return F.keys(s, .char("3")).0
        }
    }

    @Test func rawHexDump() {
        check("raw") { size in
            var s = F.busy(size: size)
            s.selected = 5
            return F.keys(s, .char("4")).0
        }
    }

    @Test func filterBeingTyped() {
        check("filter") { F.keys(F.busy(size: $0), .char("/"), .char("e"), .char("c"), .char("h")).0 }
    }

    @Test func monochromeAndASCII() {
        check("monochrome") { F.busy(size: $0, monochrome: true) }
        check("ascii") { F.busy(size: $0, monochrome: true, glyphs: .ascii) }
    }

    @Test func monochromeDiffersFromColourOnlyInStyle() {
        let size = TerminalSize(columns: 80, rows: 24)
        let colour = render(F.busy(size: size), size)
        let mono = render(F.busy(size: size, monochrome: true), size)
        #expect(colour.text == mono.text)
        #expect(colour.styleRuns != mono.styleRuns)
        #expect(mono.cells.allSatisfy { $0.role == .plain })
        #expect(colour.cells.contains { $0.role == .waiting })
    }

    @Test func tooSmall() {
        for size in [TerminalSize(columns: 79, rows: 24), TerminalSize(columns: 60, rows: 20)] {
            let screen = render(F.busy(size: size), size)
            assertSnapshot(screen, named: "too-small-\(size.columns)x\(size.rows)")
            #expect(screen.text.contains("Terminal too small"))
        }
    }

    @Test func everyRowFitsItsWidthAtEverySize() {
        for columns in [80, 100, 120, 132, 200] {
            for rows in [24, 30, 43] {
                let size = TerminalSize(columns: columns, rows: rows)
                for tab in DetailTab.allCases {
                    var s = F.busy(size: size)
                    s.tab = tab
                    let screen = render(s, size)
                    #expect(screen.cells.count == columns * rows)
                    #expect(screen.line(0).contains("ASSOCMON@0.0.0.0:11112"), "status line at \(columns)x\(rows)")
                    #expect(screen.line(rows - 1).contains("? help"), "hint line at \(columns)x\(rows)")
                }
            }
        }
    }
}
