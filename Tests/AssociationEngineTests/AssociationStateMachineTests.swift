import AssociationEvents
import Testing
@testable import AssociationEngine

/// PS3.8 Table 9-10, transcribed row by row (event) and column by column (Sta1…Sta13) independently of the
/// implementation: "-" is an empty cell, otherwise "ACTION>next". Sta4/Sta5 (requestor connect states) are not
/// checked: an acceptor never enters them. AE-6's "not acceptable" branch is taken by the handler as an immediate
/// Evt8, so AE-6 always leads to Sta3 here; AR-8 leads to Sta10 for an acceptor.
private let table: [(AssociationEvent, [String])] = [
    (.associateACReceived,    ["-", "AA-1>13", "AA-8>13", "", "", "AA-8>13", "AA-8>13", "AA-8>13", "AA-8>13", "AA-8>13", "AA-8>13", "AA-8>13", "AA-6>13"]),
    (.associateRJReceived,    ["-", "AA-1>13", "AA-8>13", "", "", "AA-8>13", "AA-8>13", "AA-8>13", "AA-8>13", "AA-8>13", "AA-8>13", "AA-8>13", "AA-6>13"]),
    (.transportConnectionIndication, ["AE-5>2", "-", "-", "", "", "-", "-", "-", "-", "-", "-", "-", "-"]),
    (.associateRQReceived,    ["-", "AE-6>3", "AA-8>13", "", "", "AA-8>13", "AA-8>13", "AA-8>13", "AA-8>13", "AA-8>13", "AA-8>13", "AA-8>13", "AA-7>13"]),
    (.associateAcceptResponse, ["-", "-", "AE-7>6", "", "", "-", "-", "-", "-", "-", "-", "-", "-"]),
    (.associateRejectResponse, ["-", "-", "AE-8>13", "", "", "-", "-", "-", "-", "-", "-", "-", "-"]),
    (.pDataRequest,           ["-", "-", "-", "", "", "DT-1>6", "-", "AR-7>8", "-", "-", "-", "-", "-"]),
    (.pDataTFReceived,        ["-", "AA-1>13", "AA-8>13", "", "", "DT-2>6", "AR-6>7", "AA-8>13", "AA-8>13", "AA-8>13", "AA-8>13", "AA-8>13", "AA-6>13"]),
    (.releaseRequest,         ["-", "-", "-", "", "", "AR-1>7", "-", "-", "-", "-", "-", "-", "-"]),
    (.releaseRQReceived,      ["-", "AA-1>13", "AA-8>13", "", "", "AR-2>8", "AR-8>10", "AA-8>13", "AA-8>13", "AA-8>13", "AA-8>13", "AA-8>13", "AA-6>13"]),
    (.releaseRPReceived,      ["-", "AA-1>13", "AA-8>13", "", "", "AA-8>13", "AR-3>1", "AA-8>13", "AA-8>13", "AR-10>12", "AR-3>1", "AA-8>13", "AA-6>13"]),
    (.releaseResponse,        ["-", "-", "-", "", "", "-", "-", "AR-4>13", "AR-9>11", "-", "-", "AR-4>13", "-"]),
    (.abortRequest,           ["-", "-", "AA-1>13", "", "", "AA-1>13", "AA-1>13", "AA-1>13", "AA-1>13", "AA-1>13", "AA-1>13", "AA-1>13", "-"]),
    (.abortReceived,          ["-", "AA-2>1", "AA-3>1", "", "", "AA-3>1", "AA-3>1", "AA-3>1", "AA-3>1", "AA-3>1", "AA-3>1", "AA-3>1", "AA-2>1"]),
    (.transportClosed,        ["-", "AA-5>1", "AA-4>1", "", "", "AA-4>1", "AA-4>1", "AA-4>1", "AA-4>1", "AA-4>1", "AA-4>1", "AA-4>1", "AR-5>1"]),
    (.artimExpired,           ["-", "AA-2>1", "-", "", "", "-", "-", "-", "-", "-", "-", "-", "AA-2>1"]),
    (.invalidPDU(reason: 1),  ["-", "AA-1>13", "AA-8>13", "", "", "AA-8>13", "AA-8>13", "AA-8>13", "AA-8>13", "AA-8>13", "AA-8>13", "AA-8>13", "AA-7>13"]),
]

private struct Cell: CustomTestStringConvertible, Sendable {
    var state: AssociationState
    var event: AssociationEvent
    var expected: String
    var testDescription: String { "\(state) + \(event) → \(expected)" }
}

private let cells: [Cell] = table.flatMap { event, row in
    row.enumerated().compactMap { index, expected in
        expected.isEmpty ? nil : Cell(state: AssociationState(rawValue: index + 1) ?? .sta1, event: event,
                                      expected: expected)
    }
}

@Suite struct AssociationStateMachineTests {
    @Test(arguments: cells)
    fileprivate func tableCell(_ cell: Cell) {
        var machine = AssociationStateMachine(state: cell.state)
        let transition = machine.handle(cell.event)
        if cell.expected == "-" {
            #expect(transition == nil)
            #expect(machine.state == cell.state, "an empty cell must not change the state")
        } else {
            let parts = cell.expected.split(separator: ">")
            #expect(transition?.action.rawValue == String(parts[0]))
            #expect(transition?.nextState.rawValue == Int(parts[1]))
            #expect(machine.state.rawValue == Int(parts[1]))
        }
    }

    @Test func everyAcceptorCellIsCovered() {
        // 17 events × 11 states (13 minus the requestor-only Sta4/Sta5).
        #expect(cells.count == 17 * 11)
    }

    @Test func requestorCollisionGoesToSta9() {
        var machine = AssociationStateMachine(state: .sta7, isRequestor: true)
        #expect(machine.handle(.releaseRQReceived)?.nextState == .sta9)
    }

    @Test func unexpectedPDUAbortsWithServiceProviderReason2() {
        var machine = AssociationStateMachine(state: .sta6)
        let transition = machine.handle(.associateRQReceived)
        #expect(transition?.effects == [.sendAbort(source: 2, reason: 2), .indicateProviderAbort, .startARTIM])
    }

    @Test func invalidPDUAbortsWithItsOwnReason() {
        var machine = AssociationStateMachine(state: .sta6)
        #expect(machine.handle(.invalidPDU(reason: 6))?.effects.first == .sendAbort(source: 2, reason: 6))
        var waiting = AssociationStateMachine(state: .sta2)
        #expect(waiting.handle(.invalidPDU(reason: 1))?.effects == [.sendAbort(source: 2, reason: 1), .startARTIM])
    }

    @Test func operatorAbortIsServiceUserSource() {
        for state in [AssociationState.sta3, .sta6, .sta8] {
            var machine = AssociationStateMachine(state: state)
            #expect(machine.handle(.abortRequest)?.effects == [.sendAbort(source: 0, reason: 0), .startARTIM])
        }
    }

    @Test func artimRunsInSta2AndSta13Only() {
        // AE-5 starts it, AE-6 stops it, AE-8/AR-4/AA-1/AA-8 restart it for Sta13, AR-5/AA-2 stop it.
        var machine = AssociationStateMachine()
        #expect(machine.handle(.transportConnectionIndication)?.effects == [.startARTIM])
        #expect(machine.handle(.associateRQReceived)?.effects.first == .stopARTIM)
        #expect(machine.handle(.associateAcceptResponse)?.effects == [.sendAssociateAC])
        #expect(machine.handle(.releaseRQReceived)?.effects == [.indicateReleaseRequest])
        #expect(machine.handle(.releaseResponse)?.effects == [.sendReleaseRP, .startARTIM])
        #expect(machine.handle(.transportClosed)?.effects == [.stopARTIM])
        #expect(machine.state == .sta1)
    }
}
