import AssociationEvents
import DICOMUpperLayer
import NIOConcurrencyHelpers
import NIOCore
import Testing
@testable import AssociationEngine

/// One sample of each PS3.8 event, with payloads, for walking Table 9-10.
private enum Sample {
    static let rq = AAssociateRQ(calledAETitle: "ACCEPTOR", callingAETitle: "REQUESTOR",
                                 presentationContexts: [PresentationContextRQItem(
                                     id: 1, abstractSyntax: "1.2.840.10008.1.1",
                                     transferSyntaxes: ["1.2.840.10008.1.2"])],
                                 userInformation: UserInformation(maximumLength: 16_384,
                                                                  implementationClassUID: "1.2.3.4"))
    static let ac = AAssociateAC(answering: rq, presentationContexts: [PresentationContextACItem(
        id: 1, result: .acceptance, transferSyntax: "1.2.840.10008.1.2")],
        userInformation: UserInformation(maximumLength: 16_384, implementationClassUID: "1.2.3.4"))
    static let rj = AAssociateRJ(result: 1, source: 1, reason: 7)
    static let pData = PDataTF(values: [PresentationDataValue(presentationContextID: 1,
                                                              messageControlHeader: .commandLast,
                                                              fragment: ByteBuffer(bytes: [0, 0]))])
    static let pdus = ByteBuffer(bytes: [4, 0, 0, 0, 0, 8, 0, 0, 0, 4, 1, 3, 0, 0])
    static let peerAbort = AAbort(source: 2, reason: 1)

    /// Evt1 … Evt19, in order.
    static let events: [AssociationEvent] = [
        .associateRequest(rq), .transportConnectConfirm, .associateACReceived(ac), .associateRJReceived(rj),
        .transportConnectionIndication, .associateRQReceived(rq), .associateAcceptResponse(ac),
        .associateRejectResponse(rj), .pDataRequest(pdus), .pDataTFReceived(pData), .releaseRequest,
        .releaseRQReceived, .releaseRPReceived, .releaseResponse, .abortRequest(origin: .operator),
        .abortReceived(peerAbort), .transportClosed, .artimExpired, .invalidPDU(reason: 1, detail: "garbage"),
    ]
}

/// PS3.8 Table 9-10, transcribed row by row (Evt1…Evt19) and column by column (Sta1…Sta13) independently of the
/// implementation: "-" is an empty cell, otherwise "ACTION>next state". AE-6's "not acceptable" branch is taken by
/// the acceptor as an immediate Evt8, so AE-6 leads to Sta3 here; AR-8 leads to Sta10 for the acceptor (Sta9 for the
/// requestor, `collisionFollowsTheRole`).
private let table: [[String]] = [
    /* Evt1 */ ["AE-1>4", "-", "-", "-", "-", "-", "-", "-", "-", "-", "-", "-", "-"],
    /* Evt2 */ ["-", "-", "-", "AE-2>5", "-", "-", "-", "-", "-", "-", "-", "-", "-"],
    /* Evt3 */ ["-", "AA-1>13", "AA-8>13", "-", "AE-3>6", "AA-8>13", "AA-8>13", "AA-8>13", "AA-8>13", "AA-8>13",
                "AA-8>13", "AA-8>13", "AA-6>13"],
    /* Evt4 */ ["-", "AA-1>13", "AA-8>13", "-", "AE-4>1", "AA-8>13", "AA-8>13", "AA-8>13", "AA-8>13", "AA-8>13",
                "AA-8>13", "AA-8>13", "AA-6>13"],
    /* Evt5 */ ["AE-5>2", "-", "-", "-", "-", "-", "-", "-", "-", "-", "-", "-", "-"],
    /* Evt6 */ ["-", "AE-6>3", "AA-8>13", "-", "AA-8>13", "AA-8>13", "AA-8>13", "AA-8>13", "AA-8>13", "AA-8>13",
                "AA-8>13", "AA-8>13", "AA-7>13"],
    /* Evt7 */ ["-", "-", "AE-7>6", "-", "-", "-", "-", "-", "-", "-", "-", "-", "-"],
    /* Evt8 */ ["-", "-", "AE-8>13", "-", "-", "-", "-", "-", "-", "-", "-", "-", "-"],
    /* Evt9 */ ["-", "-", "-", "-", "-", "DT-1>6", "-", "AR-7>8", "-", "-", "-", "-", "-"],
    /* Evt10 */ ["-", "AA-1>13", "AA-8>13", "-", "AA-8>13", "DT-2>6", "AR-6>7", "AA-8>13", "AA-8>13", "AA-8>13",
                 "AA-8>13", "AA-8>13", "AA-6>13"],
    /* Evt11 */ ["-", "-", "-", "-", "-", "AR-1>7", "-", "-", "-", "-", "-", "-", "-"],
    /* Evt12 */ ["-", "AA-1>13", "AA-8>13", "-", "AA-8>13", "AR-2>8", "AR-8>10", "AA-8>13", "AA-8>13", "AA-8>13",
                 "AA-8>13", "AA-8>13", "AA-6>13"],
    /* Evt13 */ ["-", "AA-1>13", "AA-8>13", "-", "AA-8>13", "AA-8>13", "AR-3>1", "AA-8>13", "AA-8>13", "AR-10>12",
                 "AR-3>1", "AA-8>13", "AA-6>13"],
    /* Evt14 */ ["-", "-", "-", "-", "-", "-", "-", "AR-4>13", "AR-9>11", "-", "-", "AR-4>13", "-"],
    /* Evt15 */ ["-", "-", "AA-1>13", "AA-2>1", "AA-1>13", "AA-1>13", "AA-1>13", "AA-1>13", "AA-1>13", "AA-1>13",
                 "AA-1>13", "AA-1>13", "-"],
    /* Evt16 */ ["-", "AA-2>1", "AA-3>1", "-", "AA-3>1", "AA-3>1", "AA-3>1", "AA-3>1", "AA-3>1", "AA-3>1",
                 "AA-3>1", "AA-3>1", "AA-2>1"],
    /* Evt17 */ ["-", "AA-5>1", "AA-4>1", "AA-4>1", "AA-4>1", "AA-4>1", "AA-4>1", "AA-4>1", "AA-4>1", "AA-4>1",
                 "AA-4>1", "AA-4>1", "AR-5>1"],
    /* Evt18 */ ["-", "AA-2>1", "-", "-", "-", "-", "-", "-", "-", "-", "-", "-", "AA-2>1"],
    /* Evt19 */ ["-", "AA-1>13", "AA-8>13", "-", "AA-8>13", "AA-8>13", "AA-8>13", "AA-8>13", "AA-8>13", "AA-8>13",
                 "AA-8>13", "AA-8>13", "AA-7>13"],
]

private struct Cell: CustomTestStringConvertible, Sendable {
    var state: AssociationState
    var event: AssociationEvent
    var expected: String
    var testDescription: String { "\(state) + \(event) → \(expected)" }
}

private let cells: [Cell] = table.enumerated().flatMap { row, columns in
    columns.enumerated().map { column, expected in
        Cell(state: AssociationState(rawValue: column + 1) ?? .sta1, event: Sample.events[row], expected: expected)
    }
}

/// A clock the test moves by hand.
private final class ManualClock: Sendable {
    private let time = NIOLockedValueBox(NIODeadline.uptimeNanoseconds(1_000_000_000))
    var now: NIODeadline { time.withLockedValue { $0 } }
    func advance(by amount: TimeAmount) { time.withLockedValue { $0 = $0 + amount } }
    var clock: AssociationClock { AssociationClock { [self] in now } }
}

@Suite struct AssociationStateMachineTests {
    @Test(arguments: cells)
    fileprivate func tableCell(_ cell: Cell) {
        var machine = AssociationStateMachine(role: .acceptor, state: cell.state)
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

    @Test func everyCellIsCovered() {
        #expect(Sample.events.map(\.number) == Array(1...19))
        #expect(cells.count == 19 * 13)
    }

    @Test func collisionFollowsTheRole() {
        var requestor = AssociationStateMachine(role: .requestor, state: .sta7)
        #expect(requestor.handle(.releaseRQReceived)?.nextState == .sta9)
        var acceptor = AssociationStateMachine(role: .acceptor, state: .sta7)
        #expect(acceptor.handle(.releaseRQReceived)?.nextState == .sta10)
    }

    @Test func unexpectedPDUAbortsWithServiceProviderReason2() {
        var machine = AssociationStateMachine(state: .sta6, clock: ManualClock().clock)
        let transition = machine.handle(.associateRQReceived(Sample.rq))
        let sent = AAbort(source: 2, reason: 2)
        #expect(Array(transition?.effects ?? []).prefix(2)
            == [.send(.abort(sent)), .indicate(.providerAbort(sent: sent))])
        #expect(machine.abortSent == sent)
    }

    @Test func invalidPDUAbortsWithItsOwnReasonAndKeepsTheDetail() {
        var machine = AssociationStateMachine(state: .sta6)
        #expect(machine.handle(.invalidPDU(reason: 6, detail: "bad length"))?.effects.first
            == .send(.abort(AAbort(source: 2, reason: 6))))
        #expect(machine.abortDetail == "bad length")
        let time = ManualClock()
        var waiting = AssociationStateMachine(state: .sta2, artimTimeout: .seconds(5), clock: time.clock)
        #expect(waiting.handle(.invalidPDU(reason: 1))?.effects
            == [.send(.abort(AAbort(source: 2, reason: 1))), .startARTIM(deadline: time.now + .seconds(5))])
    }

    @Test func userAbortIsServiceUserSourceAndKeepsItsOrigin() {
        for state in [AssociationState.sta3, .sta5, .sta6, .sta8] {
            let time = ManualClock()
            var machine = AssociationStateMachine(state: state, artimTimeout: .seconds(2), clock: time.clock)
            #expect(machine.handle(.abortRequest(origin: .operator))?.effects
                == [.send(.abort(AAbort(source: 0))), .startARTIM(deadline: time.now + .seconds(2))])
            #expect(machine.abortOrigin == .operator)
        }
    }

    @Test func artimDeadlineComesFromTheInjectedClock() {
        let time = ManualClock()
        var machine = AssociationStateMachine(artimTimeout: .seconds(30), clock: time.clock)
        let start = time.now
        #expect(machine.handle(.transportConnectionIndication)?.effects
            == [.startARTIM(deadline: start + .seconds(30))])
        #expect(machine.artimDeadline == start + .seconds(30))
        time.advance(by: .seconds(7))
        #expect(machine.handle(.associateRQReceived(Sample.rq))?.effects
            == [.stopARTIM, .indicate(.associateRequest(Sample.rq))])
        #expect(machine.artimDeadline == nil)
        #expect(machine.requestReceived)
        #expect(machine.handle(.associateRejectResponse(Sample.rj))?.effects
            == [.send(.associateRJ(Sample.rj)), .startARTIM(deadline: start + .seconds(37))])
    }

    /// The acceptor's whole life: AE-5, AE-6, AE-7, DT-2, DT-1, AR-2, AR-4, AR-5.
    @Test func acceptorScenario() {
        let time = ManualClock()
        var machine = AssociationStateMachine(role: .acceptor, artimTimeout: .seconds(10), clock: time.clock)
        #expect(machine.handle(.transportConnectionIndication)?.action == .ae5)
        #expect(machine.handle(.associateRQReceived(Sample.rq))?.action == .ae6)
        #expect(machine.handle(.associateAcceptResponse(Sample.ac))?.effects == [.send(.associateAC(Sample.ac))])
        #expect(machine.accepted == Sample.ac)
        #expect(machine.handle(.pDataTFReceived(Sample.pData))?.effects == [.indicate(.pData(Sample.pData))])
        #expect(machine.handle(.pDataRequest(Sample.pdus))?.effects == [.sendPData(Sample.pdus)])
        #expect(machine.handle(.releaseRQReceived)?.effects == [.indicate(.releaseRequest)])
        // AR-7: the answer to a request still in progress may follow the A-RELEASE-RQ.
        #expect(machine.handle(.pDataRequest(Sample.pdus))?.action == .ar7)
        #expect(machine.handle(.releaseResponse)?.effects
            == [.send(.releaseRP(AReleaseRP())), .startARTIM(deadline: time.now + .seconds(10))])
        #expect(machine.handle(.transportClosed)?.effects == [.stopARTIM])
        #expect(machine.state == .sta1)
    }

    /// The requestor's whole life: AE-1, AE-2, AE-3, DT-1, DT-2, AR-1, AR-6, AR-3.
    @Test func requestorScenario() {
        var machine = AssociationStateMachine(role: .requestor)
        #expect(machine.handle(.associateRequest(Sample.rq))?.effects == [.connect])
        #expect(machine.state == .sta4)
        #expect(machine.handle(.transportConnectConfirm)?.effects == [.send(.associateRQ(Sample.rq))])
        #expect(machine.state == .sta5)
        #expect(machine.handle(.associateACReceived(Sample.ac))?.effects
            == [.indicate(.associateAccepted(Sample.ac))])
        #expect(machine.accepted == Sample.ac)
        #expect(machine.handle(.pDataRequest(Sample.pdus))?.action == .dt1)
        #expect(machine.handle(.pDataTFReceived(Sample.pData))?.action == .dt2)
        #expect(machine.handle(.releaseRequest)?.effects == [.send(.releaseRQ(AReleaseRQ()))])
        // AR-6: a response still on its way arrives after our A-RELEASE-RQ.
        #expect(machine.handle(.pDataTFReceived(Sample.pData))?.action == .ar6)
        #expect(machine.handle(.releaseRPReceived)?.effects == [.indicate(.releaseConfirmation), .closeTransport])
        #expect(machine.state == .sta1)
    }

    @Test func requestorRejected() {
        var machine = AssociationStateMachine(role: .requestor)
        _ = machine.handle(.associateRequest(Sample.rq))
        _ = machine.handle(.transportConnectConfirm)
        #expect(machine.handle(.associateRJReceived(Sample.rj))?.effects
            == [.indicate(.associateRejected(Sample.rj)), .closeTransport])
        #expect(machine.state == .sta1)
    }

    @Test func requestorAbortsWhileConnecting() {
        var machine = AssociationStateMachine(role: .requestor)
        _ = machine.handle(.associateRequest(Sample.rq))
        #expect(machine.handle(.abortRequest(origin: .operator))?.effects == [.stopARTIM, .closeTransport])
        #expect(machine.state == .sta1)
    }

    /// Both sides ask to release at once (PS3.8 §7.2.2): the requestor answers first.
    @Test func releaseCollisionOnBothSides() {
        var requestor = AssociationStateMachine(role: .requestor, state: .sta6)
        var acceptor = AssociationStateMachine(role: .acceptor, state: .sta6)
        _ = requestor.handle(.releaseRequest)
        _ = acceptor.handle(.releaseRequest)
        // Each receives the other's A-RELEASE-RQ.
        #expect(requestor.handle(.releaseRQReceived)?.action == .ar8)
        #expect(acceptor.handle(.releaseRQReceived)?.action == .ar8)
        #expect(requestor.state == .sta9)
        #expect(acceptor.state == .sta10)
        // The requestor answers; the acceptor gets the RP and is confirmed.
        #expect(requestor.handle(.releaseResponse)?.effects == [.send(.releaseRP(AReleaseRP()))])
        #expect(requestor.state == .sta11)
        #expect(acceptor.handle(.releaseRPReceived)?.effects == [.indicate(.releaseConfirmation)])
        #expect(acceptor.state == .sta12)
        // Now the acceptor answers and waits for the close; the requestor is confirmed and closes.
        #expect(acceptor.handle(.releaseResponse)?.action == .ar4)
        #expect(acceptor.state == .sta13)
        #expect(requestor.handle(.releaseRPReceived)?.effects == [.indicate(.releaseConfirmation), .closeTransport])
        #expect(requestor.state == .sta1)
        #expect(acceptor.handle(.transportClosed)?.action == .ar5)
    }

    @Test func peerAbortIsIndicatedWithItsSource() {
        var machine = AssociationStateMachine(role: .requestor, state: .sta6)
        let abort = AAbort(source: 0)
        #expect(machine.handle(.abortReceived(abort))?.effects == [.indicate(.abort(abort)), .closeTransport])
    }
}
