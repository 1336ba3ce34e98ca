import AssociationEvents
import DICOMUpperLayer
import NIOCore

/// The DICOM Upper Layer protocol machine (PS3.8 §9.2, Table 9-10) as a value, for either role.
///
/// `handle(_:)` looks up the (state, event) cell, moves to the next state and returns the action with its effects,
/// payloads included: the PDU to send, the ARTIM deadline, the primitive to issue. It performs no I/O and reads
/// time only through the injected `AssociationClock`, so every cell is testable without sockets or real time
/// (hummingbird's `HTTPConnectionStateHandler`). It also keeps the facts of the association's life that the
/// reports need: what was proposed and agreed, the A-ABORT sent and why, who asked for it.
///
/// Protocol errors: PS3.8 answers an unexpected PDU in Sta3 and Sta5–Sta12 with AA-8 (A-ABORT, service-provider
/// source) and an invalid one (Evt19) the same way. The diagnostic is 2 (unexpected PDU) for a well-formed PDU in the
/// wrong state and the decoder's reason for Evt19 (1 unrecognized PDU, 6 invalid parameter value, ...), as dcm4che and
/// dicom-rs do. In Sta2, where PS3.8 names AA-1, the same service-provider source and diagnostic are sent: the PDU is
/// wrong, not the user — source 0 (service-user) is kept for the user's own abort (Evt15).
public struct AssociationStateMachine: Sendable {
    /// The outcome of one event.
    public struct Transition: Sendable, Equatable {
        public var action: AssociationAction
        public var effects: AssociationEffects
        public var nextState: AssociationState
    }

    public private(set) var state: AssociationState
    public let role: AssociationRole
    /// How long ARTIM runs (PS3.8 §9.1.5): the wait for an A-ASSOCIATE-RQ in Sta2 and for the close in Sta13.
    public var artimTimeout: TimeAmount
    /// Read when ARTIM starts; the channel handler sets its event loop's clock.
    public var clock: AssociationClock

    /// The action of the last transition.
    public private(set) var lastAction: AssociationAction?
    /// When the running ARTIM expires; `nil` while it is stopped.
    public private(set) var artimDeadline: NIODeadline?
    /// The A-ASSOCIATE-RQ: the one we proposed (AE-1) or the one we received (AE-6).
    public private(set) var request: AAssociateRQ?
    /// The A-ASSOCIATE-AC: the one we received (AE-3) or the one we sent (AE-7).
    public private(set) var accepted: AAssociateAC?
    /// The A-ABORT we sent last (AA-1, AA-7, AA-8).
    public private(set) var abortSent: AAbort?
    /// Who asked for the A-ABORT request primitive (Evt15).
    public private(set) var abortOrigin: AbortedBy?
    /// What was wrong with the PDU that made us abort (Evt19).
    public private(set) var abortDetail: String?
    /// The A-ASSOCIATE-RQ arrived (AE-6): the connection is an association attempt, not a silent connection.
    public private(set) var requestReceived = false

    public init(role: AssociationRole = .acceptor, state: AssociationState = .sta1,
                artimTimeout: TimeAmount = .seconds(30), clock: AssociationClock = .system) {
        self.role = role
        self.state = state
        self.artimTimeout = artimTimeout
        self.clock = clock
    }

    /// Applies `event`. Returns `nil`, leaving the state unchanged, where PS3.8 Table 9-10 has no entry (a local
    /// primitive that is not allowed now, such as accepting an association that is already established); the
    /// caller reports that as a usage error, it is never a wire event.
    public mutating func handle(_ event: AssociationEvent) -> Transition? {
        guard let (action, next) = Self.cell(state: state, event: event, role: role) else { return nil }
        let effects = perform(action, on: event)
        state = next
        lastAction = action
        return Transition(action: action, effects: effects, nextState: next)
    }

    /// The A-ABORT diagnostic for a PDU that is not acceptable in this state (PS3.8 Table 9-26).
    static func abortReason(for event: AssociationEvent) -> UInt8 {
        if case .invalidPDU(let reason, _) = event { return reason }
        return AAbort.Reason.unexpectedPDU
    }

    // MARK: - Actions (PS3.8 Tables 9-6 to 9-9)

    private mutating func perform(_ action: AssociationAction, on event: AssociationEvent) -> AssociationEffects {
        switch action {
        case .ae1:
            if case .associateRequest(let rq) = event { request = rq }
            return AssociationEffects(.connect)
        case .ae2:
            guard let request else { return AssociationEffects(.closeTransport) }
            return AssociationEffects(.send(.associateRQ(request)))
        case .ae3:
            guard case .associateACReceived(let ac) = event else { return [] }
            accepted = ac
            return AssociationEffects(.indicate(.associateAccepted(ac)))
        case .ae4:
            guard case .associateRJReceived(let rj) = event else { return [] }
            return AssociationEffects(.indicate(.associateRejected(rj)), .closeTransport)
        case .ae5:
            return AssociationEffects(startARTIM())
        case .ae6:
            guard case .associateRQReceived(let rq) = event else { return [] }
            request = rq
            requestReceived = true
            return AssociationEffects(stopARTIM(), .indicate(.associateRequest(rq)))
        case .ae7:
            guard case .associateAcceptResponse(let ac) = event else { return [] }
            accepted = ac
            return AssociationEffects(.send(.associateAC(ac)))
        case .ae8:
            guard case .associateRejectResponse(let rj) = event else { return [] }
            return AssociationEffects(.send(.associateRJ(rj)), startARTIM())
        case .dt1, .ar7:
            guard case .pDataRequest(let pdus) = event else { return [] }
            return AssociationEffects(.sendPData(pdus))
        case .dt2, .ar6:
            guard case .pDataTFReceived(let pData) = event else { return [] }
            return AssociationEffects(.indicate(.pData(pData)))
        case .ar1:
            return AssociationEffects(.send(.releaseRQ(AReleaseRQ())))
        case .ar2, .ar8:
            return AssociationEffects(.indicate(.releaseRequest))
        case .ar3:
            return AssociationEffects(.indicate(.releaseConfirmation), .closeTransport)
        case .ar4:
            return AssociationEffects(.send(.releaseRP(AReleaseRP())), startARTIM())
        case .ar5, .aa5:
            return AssociationEffects(stopARTIM())
        case .ar9:
            return AssociationEffects(.send(.releaseRP(AReleaseRP())))
        case .ar10:
            return AssociationEffects(.indicate(.releaseConfirmation))
        case .aa1:
            let abort: AAbort
            if case .abortRequest(let origin) = event {
                abortOrigin = origin
                abortDetail = nil
                abort = AAbort(source: AAbort.Source.serviceUser)
            } else {
                noteInvalid(event)
                abort = AAbort(source: AAbort.Source.serviceProvider, reason: Self.abortReason(for: event))
            }
            abortSent = abort
            return AssociationEffects(.send(.abort(abort)), startARTIM())
        case .aa2:
            return AssociationEffects(stopARTIM(), .closeTransport)
        case .aa3:
            guard case .abortReceived(let abort) = event else { return [] }
            return AssociationEffects(.indicate(.abort(abort)), .closeTransport)
        case .aa4:
            return AssociationEffects(.indicate(.providerAbort(sent: nil)))
        case .aa6:
            return AssociationEffects(.ignorePDU)
        case .aa7:
            noteInvalid(event)
            let abort = AAbort(source: AAbort.Source.serviceProvider, reason: Self.abortReason(for: event))
            abortSent = abort
            return AssociationEffects(.send(.abort(abort)))
        case .aa8:
            noteInvalid(event)
            let abort = AAbort(source: AAbort.Source.serviceProvider, reason: Self.abortReason(for: event))
            abortSent = abort
            return AssociationEffects(.send(.abort(abort)), .indicate(.providerAbort(sent: abort)), startARTIM())
        }
    }

    private mutating func noteInvalid(_ event: AssociationEvent) {
        if case .invalidPDU(_, let detail) = event {
            abortDetail = detail
        } else {
            abortDetail = nil
        }
    }

    private mutating func startARTIM() -> AssociationEffect {
        let deadline = clock.now() + artimTimeout
        artimDeadline = deadline
        return .startARTIM(deadline: deadline)
    }

    private mutating func stopARTIM() -> AssociationEffect {
        artimDeadline = nil
        return .stopARTIM
    }

    // MARK: - Table 9-10

    /// Table 9-10, one cell: the action and the next state, or `nil` for an empty cell.
    public static func cell(state: AssociationState, event: AssociationEvent,
                            role: AssociationRole) -> (AssociationAction, AssociationState)? {
        switch (state, event.number) {
        // Sta1: idle. A local A-ASSOCIATE request (requestor) or a new transport connection (acceptor).
        case (.sta1, 1): return (.ae1, .sta4)
        case (.sta1, 5): return (.ae5, .sta2)
        case (.sta1, _): return nil

        // Sta2: transport open, awaiting A-ASSOCIATE-RQ.
        case (.sta2, 6): return (.ae6, .sta3)
        case (.sta2, 3), (.sta2, 4), (.sta2, 10), (.sta2, 12), (.sta2, 13), (.sta2, 19): return (.aa1, .sta13)
        case (.sta2, 16), (.sta2, 18): return (.aa2, .sta1)
        case (.sta2, 17): return (.aa5, .sta1)
        case (.sta2, _): return nil

        // Sta3: awaiting the local A-ASSOCIATE response (the decision window).
        case (.sta3, 7): return (.ae7, .sta6)
        case (.sta3, 8): return (.ae8, .sta13)

        // Sta4: awaiting the transport connection to open (requestor).
        case (.sta4, 2): return (.ae2, .sta5)
        case (.sta4, 15): return (.aa2, .sta1)
        case (.sta4, 17): return (.aa4, .sta1)
        case (.sta4, _): return nil

        // Sta5: awaiting A-ASSOCIATE-AC or -RJ (requestor).
        case (.sta5, 3): return (.ae3, .sta6)
        case (.sta5, 4): return (.ae4, .sta1)

        // Sta6: established.
        case (.sta6, 9): return (.dt1, .sta6)
        case (.sta6, 10): return (.dt2, .sta6)
        case (.sta6, 11): return (.ar1, .sta7)
        case (.sta6, 12): return (.ar2, .sta8)

        // Sta7: we asked to release, awaiting A-RELEASE-RP; P-DATA may still arrive.
        case (.sta7, 10): return (.ar6, .sta7)
        case (.sta7, 12): return (.ar8, role == .requestor ? .sta9 : .sta10)
        case (.sta7, 13): return (.ar3, .sta1)

        // Sta8: the peer asked to release, awaiting our response; we may still send P-DATA.
        case (.sta8, 9): return (.ar7, .sta8)
        case (.sta8, 14): return (.ar4, .sta13)

        // Release collisions: the requestor answers first (PS3.8 §7.2.2).
        case (.sta9, 14): return (.ar9, .sta11)
        case (.sta10, 13): return (.ar10, .sta12)
        case (.sta11, 13): return (.ar3, .sta1)
        case (.sta12, 14): return (.ar4, .sta13)

        // Sta13: awaiting transport close.
        case (.sta13, 17): return (.ar5, .sta1)
        case (.sta13, 16), (.sta13, 18): return (.aa2, .sta1)
        case (.sta13, 3), (.sta13, 4), (.sta13, 10), (.sta13, 12), (.sta13, 13): return (.aa6, .sta13)
        case (.sta13, 6), (.sta13, 19): return (.aa7, .sta13)
        case (.sta13, _): return nil

        // Rows common to Sta3 and Sta5–Sta12.
        case (_, 15): return (.aa1, .sta13)
        case (_, 16): return (.aa3, .sta1)
        case (_, 17): return (.aa4, .sta1)
        case (_, _) where event.isPDUReceived: return (.aa8, .sta13)
        default: return nil
        }
    }
}
