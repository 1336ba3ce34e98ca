import Foundation

/// Everything the engine tells the outside world, one value per happening.
///
/// These are plain `Sendable` values so that the curses front (which never imports NIO) and the headless
/// JSON-lines writer consume the same stream. Each case that concerns an association carries the PS3.8 §9.2
/// state the association is in *after* the event (`state`, `.sta6`, written `"Sta6"`), so a consumer can show it
/// live without re-implementing the state machine.
///
/// The JSON form is `{"event":"<name>", ...payload fields}` (`EventJSONWriter`); the names and fields below are a
/// public contract (README, "Headless mode"): add fields freely, never rename one.
public indirect enum EngineEvent: Sendable, Equatable {
    case listening(Listening)
    case connectionOpened(ConnectionOpened)
    case associationRequested(AssociationRequested)
    case associationAccepted(AssociationAccepted)
    case associationRejected(AssociationRejected)
    case dimse(DIMSEMessage)
    case stored(Stored)
    case releaseRequested(ReleaseRequested)
    case released(Released)
    case aborted(Aborted)
    case connectionClosed(ConnectionClosed)
    case transportFailed(TransportFailed)
    case policyChanged(PolicyChanged)
    case ruleAdded(RuleAdded)
    case error(EngineErrorEvent)
    case stopping(Stopping)
    case eventsDropped(EventsDropped)
    case forwardAnswered(ForwardAnswered)

    /// The `"event"` name used on the wire.
    public var name: String {
        switch self {
        case .listening: "listening"
        case .connectionOpened: "connection-opened"
        case .associationRequested: "association-requested"
        case .associationAccepted: "association-accepted"
        case .associationRejected: "association-rejected"
        case .dimse: "dimse"
        case .stored: "stored"
        case .releaseRequested: "release-requested"
        case .released: "released"
        case .aborted: "aborted"
        case .connectionClosed: "connection-closed"
        case .transportFailed: "transport-failed"
        case .policyChanged: "policy-changed"
        case .ruleAdded: "rule-added"
        case .error: "error"
        case .stopping: "stopping"
        case .eventsDropped: "events-dropped"
        case .forwardAnswered: "forward-answered"
        }
    }

    /// The association this event is about, if any.
    public var association: Int? {
        switch self {
        case .connectionOpened(let e): e.association
        case .associationRequested(let e): e.association
        case .associationAccepted(let e): e.association
        case .associationRejected(let e): e.association
        case .dimse(let e): e.association
        case .stored(let e): e.association
        case .releaseRequested(let e): e.association
        case .released(let e): e.association
        case .aborted(let e): e.association
        case .connectionClosed(let e): e.association
        case .transportFailed(let e): e.association
        case .error(let e): e.association
        case .forwardAnswered(let e): e.association
        case .listening, .policyChanged, .ruleAdded, .stopping, .eventsDropped: nil
        }
    }
}

/// Who or what settled an A-ASSOCIATE-RQ held in Sta3.
public enum DecidedBy: String, Sendable, Decodable, Equatable {
    case `operator`, policy, rule, timeout, limit, shutdown
}

/// The engine's standing decision for new requests.
public enum Policy: String, Sendable, Decodable, Equatable, CaseIterable {
    /// Hold every request in Sta3 until a person (or the decision timeout) decides.
    case ask
    /// Accept with the computed proposal at once.
    case accept
    /// Reject at once with the default triple (1/1/1, permanent, service-user, no reason given).
    case reject
}

/// A listening endpoint, as bound.
public struct Listening: Sendable, Decodable, Equatable {
    public var addresses: [String]
    public var aeTitle: String
    public var policy: Policy
    /// `true` for the DICOM TLS port (PS3.15 Annex B).
    public var tls: Bool
    /// The admission limits (`--max-associations`, `--max-pending`, `--max-per-peer`); absent from older engines.
    public var maxAssociations: Int?
    public var maxPending: Int?
    public var maxPerPeer: Int?
    public var time: Date
    public init(addresses: [String], aeTitle: String, policy: Policy, tls: Bool, maxAssociations: Int? = nil,
                maxPending: Int? = nil, maxPerPeer: Int? = nil, time: Date) {
        self.addresses = addresses; self.aeTitle = aeTitle; self.policy = policy; self.tls = tls
        self.maxAssociations = maxAssociations; self.maxPending = maxPending; self.maxPerPeer = maxPerPeer
        self.time = time
    }
}

/// Facts about a TLS transport (PS3.15 Annex B), `nil` for plain TCP.
public struct TLSFacts: Sendable, Decodable, Equatable {
    public var `protocol`: String
    public var cipherSuite: String
    public var peerCertificateSubject: String?
    public var peerCertificateIssuer: String?
    public var peerCertificateNotAfter: Date?
    public var peerCertificateVerified: Bool
    public init(protocol: String, cipherSuite: String, peerCertificateSubject: String?, peerCertificateIssuer: String?,
                peerCertificateNotAfter: Date?, peerCertificateVerified: Bool) {
        self.protocol = `protocol`; self.cipherSuite = cipherSuite
        self.peerCertificateSubject = peerCertificateSubject; self.peerCertificateIssuer = peerCertificateIssuer
        self.peerCertificateNotAfter = peerCertificateNotAfter; self.peerCertificateVerified = peerCertificateVerified
    }
}

/// A TCP (or TLS) connection arrived: the association enters Sta2 and the ARTIM timer starts.
public struct ConnectionOpened: Sendable, Decodable, Equatable {
    public var association: Int
    public var peer: String
    public var local: String
    public var time: Date
    public var state: AssociationState
    public var tls: TLSFacts?
    public init(association: Int, peer: String, local: String, time: Date, state: AssociationState = .sta2, tls: TLSFacts? = nil) {
        self.association = association; self.peer = peer; self.local = local; self.time = time
        self.state = state; self.tls = tls
    }
}

/// One proposed presentation context as the requestor sent it (PS3.8 §9.3.2.2).
public struct ProposedContext: Sendable, Decodable, Equatable {
    public var id: Int
    public var abstractSyntax: String
    public var transferSyntaxes: [String]
    public init(id: Int, abstractSyntax: String, transferSyntaxes: [String]) {
        self.id = id; self.abstractSyntax = abstractSyntax; self.transferSyntaxes = transferSyntaxes
    }
}

/// The answer for one presentation context (PS3.8 §9.3.3.2): result 0 acceptance, 1 user-rejection,
/// 2 no-reason (provider), 3 abstract syntax not supported, 4 transfer syntaxes not supported.
public struct ContextDecision: Sendable, Decodable, Equatable {
    public var id: Int
    public var result: Int
    /// The chosen transfer syntax; only significant when `result == 0`.
    public var transferSyntax: String?
    /// Why the context gets this answer, in plain words ("CT Image Storage: no proposed transfer syntax is
    /// supported: 2.25.…"); set by the engine in proposals and answers, ignored in commands.
    public var reason: String?
    public init(id: Int, result: Int, transferSyntax: String? = nil, reason: String? = nil) {
        self.id = id; self.result = result; self.transferSyntax = transferSyntax; self.reason = reason
    }
}

/// SCP/SCU Role Selection (PS3.7 D.3.3.4) as proposed by the requestor, or as answered.
public struct RoleSelection: Sendable, Decodable, Equatable {
    public var sopClassUID: String
    public var scuRole: Int
    public var scpRole: Int
    public init(sopClassUID: String, scuRole: Int, scpRole: Int) {
        self.sopClassUID = sopClassUID; self.scuRole = scuRole; self.scpRole = scpRole
    }
}

/// User Identity negotiation (PS3.7 D.3.3.7). The passcode (secondary field) is never carried here.
public struct UserIdentity: Sendable, Decodable, Equatable {
    /// 1 username, 2 username and passcode, 3 Kerberos, 4 SAML, 5 JWT.
    public var type: Int
    public var positiveResponseRequested: Bool
    /// The user name for types 1 and 2; for 3–5 a short description of the token (never the token).
    public var primaryField: String
    /// Length of the secondary field in bytes, so a person can see a passcode *was* sent.
    public var secondaryFieldLength: Int
    public init(type: Int, positiveResponseRequested: Bool, primaryField: String, secondaryFieldLength: Int) {
        self.type = type; self.positiveResponseRequested = positiveResponseRequested
        self.primaryField = primaryField; self.secondaryFieldLength = secondaryFieldLength
    }
}

/// SOP Class Extended (0x56) or Common Extended (0x57) Negotiation, flattened for display.
public struct ExtendedNegotiation: Sendable, Decodable, Equatable {
    public var sopClassUID: String
    /// Hex of the service-class application information (0x56), if any.
    public var applicationInformation: String?
    /// Service class UID (0x57), if any.
    public var serviceClassUID: String?
    public var relatedGeneralSOPClassUIDs: [String]
    public init(sopClassUID: String, applicationInformation: String? = nil, serviceClassUID: String? = nil,
                relatedGeneralSOPClassUIDs: [String] = []) {
        self.sopClassUID = sopClassUID; self.applicationInformation = applicationInformation
        self.serviceClassUID = serviceClassUID; self.relatedGeneralSOPClassUIDs = relatedGeneralSOPClassUIDs
    }
}

/// A conformance finding about what the peer sent (stable `code`, one-line `message`).
public struct FindingSummary: Sendable, Decodable, Equatable {
    public var code: String
    public var severity: String
    public var message: String
    public init(code: String, severity: String, message: String) {
        self.code = code; self.severity = severity; self.message = message
    }
}

/// What the engine would answer if the request were accepted now.
public struct Proposal: Sendable, Decodable, Equatable {
    public var presentationContexts: [ContextDecision]
    public var roleSelections: [RoleSelection]
    public var maxPDULength: Int
    public init(presentationContexts: [ContextDecision], roleSelections: [RoleSelection] = [], maxPDULength: Int) {
        self.presentationContexts = presentationContexts; self.roleSelections = roleSelections
        self.maxPDULength = maxPDULength
    }
}

/// An A-ASSOCIATE-RQ arrived (Evt6) and is held in Sta3 until `deadline`.
public struct AssociationRequested: Sendable, Decodable, Equatable {
    public var association: Int
    public var peer: String
    public var callingAETitle: String
    public var calledAETitle: String
    /// `true` when the called AE title differs (trimmed) from ours.
    public var calledAETitleMismatch: Bool
    public var applicationContextName: String
    public var protocolVersion: Int
    public var maxPDULength: Int
    public var implementationClassUID: String?
    public var implementationVersionName: String?
    /// Toolkit guessed from the implementation class UID root ("DCMTK", "pynetdicom", ...).
    public var implementation: String?
    public var maxOperationsInvoked: Int?
    public var maxOperationsPerformed: Int?
    public var presentationContexts: [ProposedContext]
    public var roleSelections: [RoleSelection]
    public var extendedNegotiations: [ExtendedNegotiation]
    public var userIdentity: UserIdentity?
    public var findings: [FindingSummary]
    public var deadline: Date?
    public var proposal: Proposal
    /// The A-ASSOCIATE-RQ PDU exactly as received, any passcode bytes masked (for the Raw tab); hex in the JSON.
    @HexEncoded public var raw: [UInt8]
    public var time: Date
    public var state: AssociationState
    /// The transport's TLS facts (PS3.15 Annex B), `nil` on the plain port.
    public var tls: TLSFacts?
    /// In tap mode, the upstream the proposal was forwarded to (its answer still `.connecting`); absent otherwise.
    public var forward: Forward?
    public init(association: Int, peer: String, callingAETitle: String, calledAETitle: String,
                calledAETitleMismatch: Bool, applicationContextName: String, protocolVersion: Int,
                maxPDULength: Int, implementationClassUID: String?, implementationVersionName: String?,
                implementation: String?, maxOperationsInvoked: Int?, maxOperationsPerformed: Int?,
                presentationContexts: [ProposedContext], roleSelections: [RoleSelection],
                extendedNegotiations: [ExtendedNegotiation], userIdentity: UserIdentity?,
                findings: [FindingSummary], deadline: Date?, proposal: Proposal, raw: [UInt8], time: Date,
                state: AssociationState = .sta3, tls: TLSFacts? = nil, forward: Forward? = nil) {
        self.association = association; self.peer = peer; self.callingAETitle = callingAETitle
        self.calledAETitle = calledAETitle; self.calledAETitleMismatch = calledAETitleMismatch
        self.applicationContextName = applicationContextName; self.protocolVersion = protocolVersion
        self.maxPDULength = maxPDULength; self.implementationClassUID = implementationClassUID
        self.implementationVersionName = implementationVersionName; self.implementation = implementation
        self.maxOperationsInvoked = maxOperationsInvoked; self.maxOperationsPerformed = maxOperationsPerformed
        self.presentationContexts = presentationContexts; self.roleSelections = roleSelections
        self.extendedNegotiations = extendedNegotiations; self.userIdentity = userIdentity
        self.findings = findings; self.deadline = deadline; self.proposal = proposal; self.raw = raw
        self.time = time; self.state = state; self.tls = tls; self.forward = forward
    }
}

/// An A-ASSOCIATE-AC was sent (AE-7): Sta6.
public struct AssociationAccepted: Sendable, Decodable, Equatable {
    public var association: Int
    public var decidedBy: DecidedBy
    public var presentationContexts: [ContextDecision]
    public var roleSelections: [RoleSelection]
    public var maxPDULength: Int
    /// The A-ASSOCIATE-AC PDU as sent; hex in the JSON.
    @HexEncoded public var raw: [UInt8]
    public var time: Date
    public var state: AssociationState
    /// In tap mode, the upstream and its A-ASSOCIATE-AC, which this answer relays (its contexts, less those the
    /// person rejected); absent otherwise.
    public var forward: Forward?
    public init(association: Int, decidedBy: DecidedBy, presentationContexts: [ContextDecision],
                roleSelections: [RoleSelection], maxPDULength: Int, raw: [UInt8], time: Date, state: AssociationState = .sta6,
                forward: Forward? = nil) {
        self.association = association; self.decidedBy = decidedBy; self.presentationContexts = presentationContexts
        self.roleSelections = roleSelections; self.maxPDULength = maxPDULength; self.raw = raw; self.time = time
        self.state = state; self.forward = forward
    }
}

/// An A-ASSOCIATE-RJ was sent (AE-8) with the PS3.8 Table 9-21 triple: Sta13.
public struct AssociationRejected: Sendable, Decodable, Equatable {
    public var association: Int
    public var decidedBy: DecidedBy
    public var result: Int
    public var source: Int
    public var reason: Int
    /// Why, in plain words, when the triple alone does not say it (which limit refused a 2/3/2).
    public var detail: String?
    public var time: Date
    public var state: AssociationState
    /// In tap mode, the upstream and what it answered (its own rejection, unreachable, …); absent otherwise.
    public var forward: Forward?
    public init(association: Int, decidedBy: DecidedBy, result: Int, source: Int, reason: Int,
                detail: String? = nil, time: Date, state: AssociationState = .sta13, forward: Forward? = nil) {
        self.association = association; self.decidedBy = decidedBy; self.result = result; self.source = source
        self.reason = reason; self.detail = detail; self.time = time; self.state = state; self.forward = forward
    }
}

/// One DIMSE message received or sent on an established association.
public struct DIMSEMessage: Sendable, Decodable, Equatable {
    public enum Direction: String, Sendable, Decodable { case received, sent }
    public var association: Int
    public var direction: Direction
    /// "C-ECHO-RQ", "C-STORE-RSP", ...
    public var command: String
    public var commandField: Int
    public var messageID: Int?
    public var messageIDBeingRespondedTo: Int?
    public var presentationContext: Int
    public var affectedSOPClassUID: String?
    public var affectedSOPInstanceUID: String?
    public var status: Int?
    /// Data set bytes (0 when none).
    public var bytes: Int
    /// For responses: milliseconds since the request was received.
    public var durationMilliseconds: Double?
    public var time: Date
    public var state: AssociationState
    /// For received messages: what the reassembler noticed about how the peer sent it (odd fragment lengths,
    /// reserved message control header bits, a wrong Command Group Length, no Command Data Set Type), in the
    /// shape of the A-ASSOCIATE-RQ findings; absent when there is nothing to report.
    public var findings: [FindingSummary]?
    /// For a received C-STORE-RQ: who and what its data set carries, read as it streamed in (findings about the
    /// data set join `findings`).
    public var dataSet: DataSetSummary?
    /// For C-FIND, C-GET and C-MOVE requests and their pending responses: the identifier (PS3.4 C.4), with each
    /// request key's matching.
    public var identifier: IdentifierSummary?
    /// For storage commitment N-ACTION-RQ and N-EVENT-REPORT-RQ (PS3.4 J.3): the transaction and its instances.
    public var commitment: CommitmentSummary?
    /// For MPPS N-CREATE-RQ and N-SET-RQ (PS3.4 F.7): the step's status and attributes.
    public var procedureStep: ProcedureStepSummary?
    /// For received messages: the command set and the data set's bounded prefix as a flat tag tree (the Data
    /// view). In the JSON lines only with `--events-data-sets`.
    public var elements: [MessageElement]?
    /// Entries read but not in `elements`, which holds at most `maximumElements`.
    public var elementsNotListed: Int?
    /// In tap mode, the leg that sent this relayed message (`requestor` or `upstream`); absent otherwise.
    public var leg: DIMSELeg?
    /// For a response relayed from the upstream: milliseconds from relaying its request upstream to this
    /// response's command set arriving (the PACS's own response time, without the requestor leg).
    public var responseMilliseconds: Double?
    public static let maximumElements = 2_000
    public init(association: Int, direction: Direction, command: String, commandField: Int, messageID: Int?,
                messageIDBeingRespondedTo: Int?, presentationContext: Int, affectedSOPClassUID: String?,
                affectedSOPInstanceUID: String?, status: Int?, bytes: Int, durationMilliseconds: Double?,
                time: Date, state: AssociationState = .sta6, findings: [FindingSummary]? = nil,
                dataSet: DataSetSummary? = nil, identifier: IdentifierSummary? = nil,
                commitment: CommitmentSummary? = nil, procedureStep: ProcedureStepSummary? = nil) {
        self.association = association; self.direction = direction; self.command = command
        self.commandField = commandField; self.messageID = messageID
        self.messageIDBeingRespondedTo = messageIDBeingRespondedTo; self.presentationContext = presentationContext
        self.affectedSOPClassUID = affectedSOPClassUID; self.affectedSOPInstanceUID = affectedSOPInstanceUID
        self.status = status; self.bytes = bytes; self.durationMilliseconds = durationMilliseconds
        self.time = time; self.state = state; self.findings = findings; self.dataSet = dataSet
        self.identifier = identifier; self.commitment = commitment; self.procedureStep = procedureStep
    }
}

/// A C-STORE data set was written as a Part-10 file.
public struct Stored: Sendable, Decodable, Equatable {
    public var association: Int
    public var sopClassUID: String
    public var sopInstanceUID: String
    /// Path of the file, or `nil` with `--no-store`.
    public var path: String?
    public var bytes: Int
    public var time: Date
    public var state: AssociationState
    public init(association: Int, sopClassUID: String, sopInstanceUID: String, path: String?, bytes: Int,
                time: Date, state: AssociationState = .sta6) {
        self.association = association; self.sopClassUID = sopClassUID; self.sopInstanceUID = sopInstanceUID
        self.path = path; self.bytes = bytes; self.time = time; self.state = state
    }
}

/// A-RELEASE-RQ received (Evt12).
public struct ReleaseRequested: Sendable, Decodable, Equatable {
    public var association: Int
    public var time: Date
    public var state: AssociationState
    public init(association: Int, time: Date, state: AssociationState) {
        self.association = association; self.time = time; self.state = state
    }
}

/// A-RELEASE-RP sent (AR-4) or received.
public struct Released: Sendable, Decodable, Equatable {
    public var association: Int
    /// `.peer` when the requestor released (the normal case).
    public var by: ReleasedBy
    public var time: Date
    public var state: AssociationState
    public init(association: Int, by: ReleasedBy = .peer, time: Date, state: AssociationState = .sta13) {
        self.association = association; self.by = by; self.time = time; self.state = state
    }
}

/// An A-ABORT was received or sent (PS3.8 Table 9-26), or the transport was lost (A-P-ABORT).
public struct Aborted: Sendable, Decodable, Equatable {
    public var association: Int
    public var by: AbortedBy
    public var source: Int
    public var reason: Int
    /// A plain-words explanation (which PDU, which field, which byte) for engine aborts.
    public var detail: String?
    public var time: Date
    public var state: AssociationState
    public init(association: Int, by: AbortedBy, source: Int, reason: Int, detail: String? = nil, time: Date,
                state: AssociationState = .sta13) {
        self.association = association; self.by = by; self.source = source; self.reason = reason
        self.detail = detail; self.time = time; self.state = state
    }
}

/// The transport closed (AR-5 / AA-4 / AA-5): Sta1. Always the last event of an association.
public struct ConnectionClosed: Sendable, Decodable, Equatable {
    public var association: Int
    public var time: Date
    public var state: AssociationState
    public init(association: Int, time: Date, state: AssociationState = .sta1) {
        self.association = association; self.time = time; self.state = state
    }
}

/// A connection failed below DICOM (TLS handshake, plain DICOM on the TLS port, ARTIM expiry in Sta2...).
public struct TransportFailed: Sendable, Decodable, Equatable {
    public var association: Int
    public var peer: String
    public var reason: String
    public var time: Date
    public var state: AssociationState
    public init(association: Int, peer: String, reason: String, time: Date, state: AssociationState = .sta13) {
        self.association = association; self.peer = peer; self.reason = reason; self.time = time; self.state = state
    }
}

public struct PolicyChanged: Sendable, Decodable, Equatable {
    public var policy: Policy
    public var time: Date
    public init(policy: Policy, time: Date) { self.policy = policy; self.time = time }
}

public struct RuleAdded: Sendable, Decodable, Equatable {
    /// The rule in the `--rules` file syntax.
    public var rule: String
    public var saved: Bool
    /// How many requests that were already waiting the new rule decided at once (their accepted / rejected
    /// events, `decidedBy` rule, come before this one).
    public var decidedWaiting: Int?
    public var time: Date
    public init(rule: String, saved: Bool, decidedWaiting: Int? = nil, time: Date) {
        self.rule = rule; self.saved = saved; self.decidedWaiting = decidedWaiting; self.time = time
    }
}

/// Something went wrong that a person should read (a malformed command, a failed rule save, ...).
public struct EngineErrorEvent: Sendable, Decodable, Equatable {
    public var association: Int?
    public var message: String
    public var time: Date
    public init(association: Int? = nil, message: String, time: Date) {
        self.association = association; self.message = message; self.time = time
    }
}

public struct Stopping: Sendable, Decodable, Equatable {
    public var reason: String
    public var time: Date
    public init(reason: String, time: Date) { self.reason = reason; self.time = time }
}
