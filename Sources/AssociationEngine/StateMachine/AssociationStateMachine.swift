import AssociationEvents
/// The acceptor side of the DICOM Upper Layer protocol machine (PS3.8 §9.2, Table 9-10) as a value.
///
/// `handle(_:)` looks up the (state, event) cell, moves to the next state and returns the action with the effects
/// the connection handler must carry out. It performs no I/O and reads no clock, so every cell is testable without
/// sockets or time (hummingbird's `HTTPConnectionStateHandler`).
///
/// Protocol errors: PS3.8 answers an unexpected PDU in Sta3 and Sta5–Sta12 with AA-8 (A-ABORT, service-provider
/// source) and an invalid one (Evt19) the same way. The diagnostic is 2 (unexpected PDU) for a well-formed PDU in the
/// wrong state and the decoder's reason for Evt19 (1 unrecognized PDU, 6 invalid parameter value, ...), as dcm4che and
/// dicom-rs do. In Sta2, where PS3.8 names AA-1, the same service-provider source and diagnostic are sent: the PDU is
/// wrong, not the user — source 0 (service-user) is kept for the operator's own abort (Evt15).
public struct AssociationStateMachine: Sendable {
    /// The outcome of one event.
    public struct Transition: Sendable, Equatable {
        public var action: AssociationAction
        public var effects: [AssociationEffect]
        public var nextState: AssociationState
    }

    public private(set) var state: AssociationState
    /// `true` if this side sent the A-ASSOCIATE-RQ. Decides AR-8's next state in a release collision.
    public let isRequestor: Bool

    public init(state: AssociationState = .sta1, isRequestor: Bool = false) {
        self.state = state
        self.isRequestor = isRequestor
    }

    /// Applies `event`. Returns `nil`, leaving the state unchanged, where PS3.8 Table 9-10 has no entry (a local
    /// primitive that is not allowed now, such as accepting an association that is already established); the
    /// caller reports that as a usage error, it is never a wire event.
    public mutating func handle(_ event: AssociationEvent) -> Transition? {
        guard let transition = Self.transition(from: state, on: event, isRequestor: isRequestor) else { return nil }
        state = transition.nextState
        return transition
    }

    /// The A-ABORT diagnostic for a PDU that is not acceptable in this state (PS3.8 Table 9-26).
    static func abortReason(for event: AssociationEvent) -> UInt8 {
        if case .invalidPDU(let reason) = event { return reason }
        return 2  // unexpected-PDU
    }

    /// Table 9-10, one cell.
    public static func transition(from state: AssociationState, on event: AssociationEvent,
                                  isRequestor: Bool = false) -> Transition? {
        func t(_ action: AssociationAction, _ effects: [AssociationEffect], _ next: AssociationState) -> Transition {
            Transition(action: action, effects: effects, nextState: next)
        }
        /// AA-8: send A-ABORT (service-provider), A-P-ABORT indication, start ARTIM → Sta13.
        func aa8() -> Transition {
            t(.aa8, [.sendAbort(source: 2, reason: abortReason(for: event)), .indicateProviderAbort, .startARTIM],
              .sta13)
        }
        switch (state, event) {
        // Sta1: only a new transport connection.
        case (.sta1, .transportConnectionIndication):
            return t(.ae5, [.startARTIM], .sta2)

        // Sta2: transport open, awaiting A-ASSOCIATE-RQ.
        case (.sta2, .associateRQReceived):
            return t(.ae6, [.stopARTIM, .indicateAssociateRequest], .sta3)
        case (.sta2, .associateACReceived), (.sta2, .associateRJReceived), (.sta2, .pDataTFReceived),
             (.sta2, .releaseRQReceived), (.sta2, .releaseRPReceived), (.sta2, .invalidPDU):
            return t(.aa1, [.sendAbort(source: 2, reason: abortReason(for: event)), .startARTIM], .sta13)
        case (.sta2, .abortReceived), (.sta2, .artimExpired):
            return t(.aa2, [.stopARTIM, .closeTransport], .sta1)
        case (.sta2, .transportClosed):
            return t(.aa5, [.stopARTIM], .sta1)

        // Sta3: the decision window.
        case (.sta3, .associateAcceptResponse):
            return t(.ae7, [.sendAssociateAC], .sta6)
        case (.sta3, .associateRejectResponse):
            return t(.ae8, [.sendAssociateRJ, .startARTIM], .sta13)
        case (.sta3, .abortRequest):
            return t(.aa1, [.sendAbort(source: 0, reason: 0), .startARTIM], .sta13)

        // Sta6: established.
        case (.sta6, .pDataRequest):
            return t(.dt1, [.sendPDataTF], .sta6)
        case (.sta6, .pDataTFReceived):
            return t(.dt2, [.indicatePData], .sta6)
        case (.sta6, .releaseRequest):
            return t(.ar1, [.sendReleaseRQ], .sta7)
        case (.sta6, .releaseRQReceived):
            return t(.ar2, [.indicateReleaseRequest], .sta8)

        // Sta7: we asked to release, awaiting A-RELEASE-RP.
        case (.sta7, .pDataTFReceived):
            return t(.ar6, [.indicatePData], .sta7)
        case (.sta7, .releaseRQReceived):
            return t(.ar8, [.indicateReleaseRequest], isRequestor ? .sta9 : .sta10)
        case (.sta7, .releaseRPReceived):
            return t(.ar3, [.confirmRelease, .closeTransport], .sta1)

        // Sta8: peer asked to release, awaiting our response (we may still send P-DATA: AR-7).
        case (.sta8, .pDataRequest):
            return t(.ar7, [.sendPDataTF], .sta8)
        case (.sta8, .releaseResponse):
            return t(.ar4, [.sendReleaseRP, .startARTIM], .sta13)

        // Release collisions.
        case (.sta9, .releaseResponse):
            return t(.ar9, [.sendReleaseRP], .sta11)
        case (.sta10, .releaseRPReceived):
            return t(.ar10, [.confirmRelease], .sta12)
        case (.sta11, .releaseRPReceived):
            return t(.ar3, [.confirmRelease, .closeTransport], .sta1)
        case (.sta12, .releaseResponse):
            return t(.ar4, [.sendReleaseRP, .startARTIM], .sta13)

        // Sta13: awaiting transport close.
        case (.sta13, .transportClosed):
            return t(.ar5, [.stopARTIM], .sta1)
        case (.sta13, .artimExpired), (.sta13, .abortReceived):
            return t(.aa2, [.stopARTIM, .closeTransport], .sta1)
        case (.sta13, .associateACReceived), (.sta13, .associateRJReceived), (.sta13, .pDataTFReceived),
             (.sta13, .releaseRQReceived), (.sta13, .releaseRPReceived):
            return t(.aa6, [.ignorePDU], .sta13)
        case (.sta13, .associateRQReceived), (.sta13, .invalidPDU):
            return t(.aa7, [.sendAbort(source: 2, reason: abortReason(for: event))], .sta13)

        // Rows common to Sta3 and Sta5–Sta12.
        case (.sta3, _), (.sta5, _), (.sta6, _), (.sta7, _), (.sta8, _), (.sta9, _), (.sta10, _), (.sta11, _),
             (.sta12, _):
            switch event {
            case .abortRequest where state != .sta3:
                return t(.aa1, [.sendAbort(source: 0, reason: 0), .startARTIM], .sta13)
            case .abortReceived:
                return t(.aa3, [.indicateAbort, .closeTransport], .sta1)
            case .transportClosed:
                return t(.aa4, [.indicateProviderAbort], .sta1)
            case _ where event.isPDUReceived:
                // Sta5's AE-3/AE-4 are requestor actions; an acceptor never reaches Sta5.
                if state == .sta5, event == .associateACReceived || event == .associateRJReceived { return nil }
                return aa8()
            default:
                return nil
            }
        default:
            return nil
        }
    }
}
