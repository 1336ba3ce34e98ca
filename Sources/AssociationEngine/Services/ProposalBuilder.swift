import AssociationEvents
import DICOMUpperLayer

/// Computes what assocmon would answer to an A-ASSOCIATE-RQ (the *proposal* published with
/// `association-requested`), and builds the A-ASSOCIATE-AC from it or from an operator's edit of it.
///
/// Use, in the engine, on Evt6 (PS3.8 §9.2, AE-6):
/// ```
/// let builder = ProposalBuilder(configuration)                       // once, from the options
/// if let triple = builder.requiredRejection(for: rq) { reject with triple }   // 1/2/2 or 1/1/2
/// let proposal = builder.proposal(for: rq)                            // → AssociationRequested.proposal
/// let notes = builder.answers(for: rq).map(\.explanation)            // per-context reasons for the log/UI
/// // accept command (edits may be nil = as proposed; contexts not listed keep the proposal's answer):
/// let answer = try builder.resolve(rq: rq, decisions: edits ?? [], roles: roleEdits)   // → AssociationAccepted
/// let ac = try builder.makeAssociateAC(rq: rq, decisions: edits ?? [], roles: roleEdits)
/// ```
/// A thrown `ProposalError` is the operator's mistake: report it (an `error` event) and keep the association in
/// Sta3 so a corrected command can follow.
///
/// ## Policy (PS3.8 §9.3.3.2, PS3.7 Annex D.3.3)
/// - **Abstract syntaxes**: Verification (1.2.840.10008.1.1), every Storage SOP class of `UIDDictionary`, any UID
///   under the storage root `1.2.840.10008.5.1.4.1.1.` that the dictionary does not name yet (PS3.4 Annex B.5
///   assigns every storage SOP class there, so a class of a later PS3.6 edition is stored before the dictionary
///   is regenerated; shown as "unnamed storage SOP class"), Patient Root and Study Root Query/Retrieve – FIND and
///   Modality Worklist – FIND (`FindService.sopClasses`, unless `acceptsQueries` is off), and — with
///   `acceptUnknownSOPClasses` — any other syntactically valid UID the dictionary does not know (private SOP
///   classes, stored like any other). Anything else: result 3 (abstract-syntax-not-supported).
/// - **Transfer syntaxes** (PS3.8 §9.3.3.2, PS3.5 §10): an SCP accepts only the transfer syntaxes it supports.
///   Verification carries no data set and a query's identifier is decoded and answered in the same encoding,
///   so they take only the uncompressed ones (Implicit VR LE, Explicit VR LE,
///   Explicit VR BE). Storage writes the data set bit-preserving into a Part-10 file and never decodes it, so it
///   supports every transfer syntax PS3.6 registers for data sets (`storageTransferSyntaxes`: uncompressed,
///   deflated, JPEG, JPEG-LS, JPEG 2000, HTJ2K, RLE, MPEG/HEVC, JPIP; retired ones included) — but never a UID
///   that the dictionary does not know as a transfer syntax: a private or mistyped one would be recorded in the
///   file meta information (0002,0010) although nothing could read the file back. `acceptUnknownTransferSyntaxes`
///   (`--accept-unknown-transfer-syntaxes`) lifts that for storage, for bit-preserving capture of private
///   syntaxes. The SCU's order decides, unless `preferredTransferSyntaxes` names one the SCU proposed: then the
///   first of ours that it proposed. None supported: result 4 (transfer-syntaxes-not-supported).
/// - **Reasons**: every proposed context's decision carries `reason`, the answer in plain words (published in the
///   `proposal` of `association-requested` and shown in the Contexts tab).
/// - **Malformed contexts**: an even or zero ID, an ID used twice, no abstract syntax, or
///   no transfer syntax is result 2 (no-reason, provider rejection), rather than aborting the whole association.
///   The A-ASSOCIATE-AC answers every proposed context (PS3.8 §7.1.1.14: one result per proposed context): an
///   even ID is echoed only in a rejection, never accepted (assocmon itself never chooses an even ID), and an ID
///   used twice gets a single item with result 2 (an accept would be ambiguous).
/// - **SCP/SCU role selection** (PS3.7 D.3.3.4): assocmon is only ever an SCP — it never sends a
///   C-STORE-RQ, so it cannot serve C-GET retrievals or act as SCU for a class. For each SOP class with a role
///   item and at least one accepted context it answers SCU role = the requestor's value (the requestor may be
///   SCU) and SCP role = 0 (never the inverted role). Never 1 where the requestor sent 0. A context whose SOP class
///   was proposed with the SCU role 0 (a C-GET SCU offering only to receive, or 0/0) is therefore unusable and is
///   answered result 1 (user-rejection) instead of an "accepted" context without a role.
/// - **Asynchronous operations window** (D.3.3.3): answered 1/1 when proposed (we are synchronous); absent when
///   absent (absent already means 1/1).
/// - **User identity** (D.3.3.7): no User Identity AC sub-item, whatever the type. assocmon verifies no
///   identity: for types 1–2 the (empty) positive response would claim an identity check that never happened,
///   and for 3–5 there is no Kerberos ticket, SAML response or JWT to return. The requestor decides what to do
///   without a positive response (PS3.7 D.3.3.7).
/// - **SOP class extended negotiation** (D.3.3.5/6): not supported, so not answered.
/// - **Our items**: Maximum Length `maxPDULength` (never 0), Implementation Class UID and Version Name.
public struct ProposalBuilder: Sendable {
    public var configuration: ProposalConfiguration

    public static let verificationSOPClassUID = "1.2.840.10008.1.1"
    /// Implicit VR Little Endian, Explicit VR Little Endian, Explicit VR Big Endian (PS3.5 §10): what a
    /// Verification context may use.
    public static let uncompressedTransferSyntaxes = ["1.2.840.10008.1.2", "1.2.840.10008.1.2.1",
                                                      "1.2.840.10008.1.2.2"]

    /// Transfer syntaxes PS3.6 registers that do not encode a data set as a C-STORE carries it, so storage never
    /// accepts them: RFC 2557 MIME encapsulation and XML encoding (1.2.840.10008.1.2.6.x, both retired), the
    /// SMPTE ST 2110 video and audio streams of DICOM Real-Time Video (1.2.840.10008.1.2.7.x, PS3.22: RTP flows,
    /// not a data set) and Papyrus 3 Implicit VR Little Endian (1.2.840.10008.1.20, retired, a file format of its
    /// own).
    static func isDataSetTransferSyntax(_ uid: String) -> Bool {
        !(uid.hasPrefix("1.2.840.10008.1.2.6.") || uid.hasPrefix("1.2.840.10008.1.2.7.") || uid == "1.2.840.10008.1.20")
    }

    /// What a storage context may use: every transfer syntax of `UIDDictionary` that encodes a data set, in UID order.
    public static var storageTransferSyntaxes: [String] {
        UIDDictionary.transferSyntaxes.map(\.uid).filter(isDataSetTransferSyntax)
    }

    public init(_ configuration: ProposalConfiguration = ProposalConfiguration()) {
        self.configuration = configuration
    }

    /// The Maximum Length we advertise: `configuration.maxPDULength`, 0 replaced by the default.
    public var maxPDULength: UInt32 {
        configuration.maxPDULength == 0 ? ProposalConfiguration.defaultMaxPDULength : configuration.maxPDULength
    }

    // MARK: - Rejection that no decision can change

    /// A triple when the request cannot be accepted at all, whatever the operator wants: protocol version bit 0
    /// clear → 1/2/2 (PS3.8 §9.3.2: only bit 0 is tested); an application context other than the DICOM one
    /// (PS3.7 Annex A.2.1) → 1/1/2. `nil` otherwise.
    public func requiredRejection(for rq: AAssociateRQ) -> RejectTriple? {
        if rq.protocolVersion & 0x0001 == 0 {
            return RejectTriple(result: 1, source: 2, reason: 2)
        }
        if Self.trimmedUID(rq.applicationContextName) != AAssociateRQ.dicomApplicationContextName {
            return RejectTriple(result: 1, source: 1, reason: 2)
        }
        return nil
    }

    // MARK: - The proposal

    /// The answer for every proposed presentation context, in the order proposed, with its reason.
    public func answers(for rq: AAssociateRQ) -> [ContextAnswer] {
        let idCounts = Dictionary(rq.presentationContexts.map { ($0.id, 1) }, uniquingKeysWith: +)
        let firstRoles = Self.firstRoleItems(rq)
        return rq.presentationContexts.map { context in
            answer(for: context, idCount: idCounts[context.id] ?? 0,
                   roleItem: firstRoles[Self.trimmedUID(context.abstractSyntax)])
        }
    }

    /// The proposal as published in `association-requested` (one decision per proposed context, in order).
    public func proposal(for rq: AAssociateRQ) -> Proposal {
        let decisions = answers(for: rq).map { answer in
            var decision = answer.decision
            decision.reason = answer.explanation
            return decision
        }
        return Proposal(presentationContexts: decisions, roleSelections: roleAnswers(rq: rq, decisions: decisions, edits: [:]),
                        maxPDULength: Int(maxPDULength))
    }

    /// The Asynchronous Operations Window sub-item to answer: 1/1 when one was proposed, else none.
    public func asynchronousOperationsWindow(for rq: AAssociateRQ) -> AsynchronousOperationsWindow? {
        rq.userInformation.asynchronousOperationsWindow == nil ? nil : .synchronous
    }

    /// The User Identity AC sub-item to answer: always `nil` (see the policy above, PS3.7 D.3.3.7).
    public func userIdentityResponse(for rq: AAssociateRQ) -> UserIdentityNegotiationAC? {
        nil
    }

    // MARK: - Edited decisions and the A-ASSOCIATE-AC

    /// `edits` laid over `proposal`: a context named in `edits` takes the edit, every other keeps the proposal's
    /// answer. Order is the proposal's; edits for contexts the proposal does not have are left out (`resolve`
    /// reports them as errors).
    public static func merged(_ edits: [ContextDecision], over proposal: [ContextDecision]) -> [ContextDecision] {
        var byID: [Int: ContextDecision] = [:]
        for edit in edits where byID[edit.id] == nil { byID[edit.id] = edit }
        return proposal.map { byID[$0.id] ?? $0 }
    }

    /// Validates an operator's edits and returns the final answer (contexts as they will be sent, role answers,
    /// our maximum length), for the `association-accepted` event.
    ///
    /// - Parameters:
    ///   - decisions: edited contexts (may be a subset or empty: the rest keep the proposal's answer). Each must
    ///     name a proposed context ID, have a result 0–4, and when accepting (0) name one of the transfer syntaxes
    ///     proposed for that context. A context with an invalid or duplicated ID may only be rejected.
    ///   - roles: edited role answers (`nil` = derive them as the proposal does). Each must name a SOP class the
    ///     requestor sent a role item for, hold 0 or 1, and never answer 1 where the requestor sent 0.
    public func resolve(rq: AAssociateRQ, decisions: [ContextDecision],
                        roles: [RoleSelection]? = nil) throws(ProposalError) -> Proposal {
        let proposed = proposal(for: rq)
        let byID = Dictionary(rq.presentationContexts.map { (Int($0.id), $0) }, uniquingKeysWith: { first, _ in first })
        let idCounts = Dictionary(rq.presentationContexts.map { (Int($0.id), 1) }, uniquingKeysWith: +)
        var seen = Set<Int>()
        for edit in decisions {
            guard let context = byID[edit.id] else { throw ProposalError(.unknownContext(edit.id)) }
            guard seen.insert(edit.id).inserted else { throw ProposalError(.duplicateDecision(edit.id)) }
            guard (0...4).contains(edit.result) else {
                throw ProposalError(.resultOutOfRange(id: edit.id, result: edit.result))
            }
            guard edit.result == 0 else { continue }
            guard edit.id % 2 == 1, idCounts[edit.id] == 1 else { throw ProposalError(.invalidContextID(edit.id)) }
            let proposedTS = context.transferSyntaxes.map(Self.trimmedUID)
            guard let ts = edit.transferSyntax.map(Self.trimmedUID), proposedTS.contains(ts) else {
                throw ProposalError(.transferSyntaxNotProposed(id: edit.id, transferSyntax: edit.transferSyntax,
                                                               proposed: proposedTS))
            }
        }
        // A context the operator changed is the operator's answer: the proposal's reason no longer applies to it.
        let proposedByID = Dictionary(proposed.presentationContexts.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let final = Self.merged(decisions.map { edit in
            var e = edit
            if e.result != 0 { e.transferSyntax = nil } else { e.transferSyntax = e.transferSyntax.map(Self.trimmedUID) }
            let original = proposedByID[e.id]
            e.reason = original.map { $0.result == e.result && $0.transferSyntax == e.transferSyntax } == true
                ? original?.reason : "edited by the operator"
            return e
        }, over: proposed.presentationContexts)

        var roleEdits: [String: RoleSelection] = [:]
        if let roles {
            let rqRoles = Self.firstRoleItems(rq)
            for edit in roles {
                let uid = Self.trimmedUID(edit.sopClassUID)
                guard let item = rqRoles[uid] else { throw ProposalError(.unknownRoleSOPClass(uid)) }
                guard (0...1).contains(edit.scuRole), (0...1).contains(edit.scpRole) else {
                    throw ProposalError(.roleValueOutOfRange(sopClassUID: uid))
                }
                if edit.scuRole == 1 && !item.scu { throw ProposalError(.roleNotProposed(sopClassUID: uid, role: "SCU")) }
                if edit.scpRole == 1 && !item.scp { throw ProposalError(.roleNotProposed(sopClassUID: uid, role: "SCP")) }
                roleEdits[uid] = RoleSelection(sopClassUID: uid, scuRole: edit.scuRole, scpRole: edit.scpRole)
            }
        }
        return Proposal(presentationContexts: final, roleSelections: roleAnswers(rq: rq, decisions: final, edits: roleEdits),
                        maxPDULength: Int(maxPDULength))
    }

    /// The A-ASSOCIATE-AC for `rq` with the proposal, optionally edited (see `resolve` for the rules). The AE title
    /// and reserved fields are echoed from the RQ (PS3.8 Table 9-17).
    public func makeAssociateAC(rq: AAssociateRQ, decisions: [ContextDecision] = [],
                                roles: [RoleSelection]? = nil) throws(ProposalError) -> AAssociateAC {
        makeAssociateAC(rq: rq, answer: try resolve(rq: rq, decisions: decisions, roles: roles))
    }

    /// The A-ASSOCIATE-AC carrying an already resolved answer (from `resolve` or `proposal(for:)`).
    ///
    /// One presentation context item per distinct proposed ID, in the RQ's order; an ID proposed twice is answered
    /// once, result 2; an even ID is always answered result 2 (the decision cannot accept it). A rejected context still carries a transfer syntax sub-item
    /// (the first proposed one, or empty), which PS3.8 Table 9-18 calls not significant but some peers expect
    ///.
    public func makeAssociateAC(rq: AAssociateRQ, answer: Proposal) -> AAssociateAC {
        let decisionByID = Dictionary(answer.presentationContexts.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let idCounts = Dictionary(rq.presentationContexts.map { ($0.id, 1) }, uniquingKeysWith: +)
        var emitted = Set<UInt8>()
        var items: [PresentationContextACItem] = []
        for context in rq.presentationContexts where emitted.insert(context.id).inserted {
            let fallbackTS = context.transferSyntaxes.first.map(Self.trimmedUID) ?? ""
            guard context.id % 2 == 1, idCounts[context.id] == 1, let decision = decisionByID[Int(context.id)],
                  (0...4).contains(decision.result) else {
                items.append(PresentationContextACItem(id: context.id, result: .noReason, transferSyntax: fallbackTS))
                continue
            }
            let result = PresentationContextResult(rawValue: UInt8(decision.result))
            let ts = result.isAccepted ? (decision.transferSyntax ?? fallbackTS) : fallbackTS
            items.append(PresentationContextACItem(id: context.id, result: result, transferSyntax: ts))
        }
        let userInformation = UserInformation(
            maximumLength: maxPDULength,
            implementationClassUID: configuration.implementationClassUID,
            implementationVersionName: configuration.implementationVersionName,
            asynchronousOperationsWindow: asynchronousOperationsWindow(for: rq),
            roleSelections: answer.roleSelections.map {
                SCPSCURoleSelection(sopClassUID: $0.sopClassUID, scuRole: UInt8(clamping: $0.scuRole),
                                    scpRole: UInt8(clamping: $0.scpRole))
            },
            userIdentityAC: userIdentityResponse(for: rq))
        return AAssociateAC(answering: rq, presentationContexts: items, userInformation: userInformation)
    }

    // MARK: - Internals

    enum Capability {
        case verification, storage, privateStorage, query
    }

    func capability(for abstractSyntax: String) -> Capability? {
        if abstractSyntax == Self.verificationSOPClassUID { return .verification }
        if configuration.acceptsQueries, FindService.sopClasses.contains(abstractSyntax) { return .query }
        if UIDDictionary.isStorageSOPClass(abstractSyntax) { return .storage }
        if UIDDictionary.isUnnamedStorageSOPClass(abstractSyntax) { return .storage }
        if configuration.acceptUnknownSOPClasses, UIDDictionary.entry(for: abstractSyntax) == nil,
           UIDSyntax.isValid(abstractSyntax) {
            return .privateStorage
        }
        return nil
    }

    func isAcceptable(transferSyntax ts: String, for capability: Capability) -> Bool {
        switch capability {
        case .verification, .query:
            return Self.uncompressedTransferSyntaxes.contains(ts)
        case .storage, .privateStorage:
            guard let entry = UIDDictionary.entry(for: ts) else {
                return configuration.acceptUnknownTransferSyntaxes && UIDSyntax.isValid(ts)
            }
            return entry.type == .transferSyntax && Self.isDataSetTransferSyntax(entry.uid)
        }
    }

    func answer(for context: PresentationContextRQItem, idCount: Int,
                roleItem: SCPSCURoleSelection?) -> ContextAnswer {
        let id = Int(context.id)
        func reject(_ result: Int, _ why: String) -> ContextAnswer {
            ContextAnswer(decision: ContextDecision(id: id, result: result), explanation: why)
        }
        if context.id % 2 == 0 {
            return reject(2, "context ID \(id) is even; PS3.8 Table 9-13 requires an odd ID 1–255")
        }
        if idCount > 1 {
            return reject(2, "context ID \(id) is proposed \(idCount) times; an answer would be ambiguous")
        }
        let abstractSyntax = Self.trimmedUID(context.abstractSyntax)
        if abstractSyntax.isEmpty { return reject(2, "no abstract syntax sub-item") }
        let proposedTS = context.transferSyntaxes.map(Self.trimmedUID)
        if proposedTS.isEmpty { return reject(2, "no transfer syntax sub-item") }
        let name = UIDDictionary.name(for: abstractSyntax) ?? (UIDDictionary.isUnnamedStorageSOPClass(abstractSyntax)
            ? "\(abstractSyntax) (\(UIDDictionary.unnamedStorageSOPClassName))" : abstractSyntax)
        guard let capability = capability(for: abstractSyntax) else {
            let hint = UIDDictionary.entry(for: abstractSyntax) == nil && UIDSyntax.isValid(abstractSyntax)
                ? " (unknown or private; --accept-unknown-sop-classes would accept it)" : ""
            let find = FindService.sopClasses.contains(abstractSyntax)
            return reject(3, find ? "\(name): queries are not answered (--no-queries)"
                                  : "\(name): not Verification, a Storage SOP class or a FIND assocmon answers" + hint)
        }
        if let roleItem, !roleItem.scu {
            return reject(1, "\(name): the requestor offers only the SCP role (\(roleItem.scuRole)/\(roleItem.scpRole))"
                + "; assocmon never acts as SCU")
        }
        let acceptable = proposedTS.filter { isAcceptable(transferSyntax: $0, for: capability) }
        let preferred = configuration.preferredTransferSyntaxes.map(Self.trimmedUID).first { acceptable.contains($0) }
        guard let chosen = preferred ?? acceptable.first else {
            let proposed = proposedTS.map { UIDDictionary.name(for: $0) ?? $0 }.joined(separator: ", ")
            var why = "\(name): no proposed transfer syntax is supported: \(proposed)"
            if capability == .verification || capability == .query {
                why += " (\(capability == .query ? "queries take" : "Verification takes") Implicit VR LE, Explicit VR LE or BE)"
            } else if !configuration.acceptUnknownTransferSyntaxes,
                      proposedTS.contains(where: { UIDDictionary.entry(for: $0) == nil && UIDSyntax.isValid($0) }) {
                why += " (unknown or private; --accept-unknown-transfer-syntaxes would accept them)"
            }
            return reject(4, why)
        }
        let tsName = UIDDictionary.name(for: chosen) ?? "unknown transfer syntax \(chosen), stored as received"
        let kind = switch capability {
        case .verification: "Verification"
        case .query: "answered from \(abstractSyntax == FindService.modalityWorklistFind ? "--worklist" : "what was stored")"
        case .storage: "storage"
        case .privateStorage: "unknown SOP class stored as is"
        }
        let why = preferred != nil ? "our preference" : (chosen == proposedTS.first ? "the SCU's first" : "the SCU's first acceptable")
        return ContextAnswer(decision: ContextDecision(id: id, result: 0, transferSyntax: chosen),
                             explanation: "\(name): \(kind), accepted with \(tsName) (\(why))")
    }

    /// Role answers: one per requestor role item (first one per SOP class, in RQ order) whose SOP class has at
    /// least one accepted context in `decisions` — the edit if given, else SCU = requestor's, SCP = 0.
    func roleAnswers(rq: AAssociateRQ, decisions: [ContextDecision], edits: [String: RoleSelection]) -> [RoleSelection] {
        let acceptedIDs = Set(decisions.filter { $0.result == 0 }.map(\.id))
        let acceptedClasses = Set(rq.presentationContexts.filter { acceptedIDs.contains(Int($0.id)) }
            .map { Self.trimmedUID($0.abstractSyntax) })
        var seen = Set<String>()
        var answers: [RoleSelection] = []
        for item in rq.userInformation.roleSelections {
            let uid = Self.trimmedUID(item.sopClassUID)
            guard acceptedClasses.contains(uid), seen.insert(uid).inserted else { continue }
            answers.append(edits[uid] ?? RoleSelection(sopClassUID: uid, scuRole: item.scu ? 1 : 0, scpRole: 0))
        }
        return answers
    }

    static func firstRoleItems(_ rq: AAssociateRQ) -> [String: SCPSCURoleSelection] {
        var byUID: [String: SCPSCURoleSelection] = [:]
        for item in rq.userInformation.roleSelections where byUID[trimmedUID(item.sopClassUID)] == nil {
            byUID[trimmedUID(item.sopClassUID)] = item
        }
        return byUID
    }

    /// UIDs compared without wire padding.
    static func trimmedUID(_ uid: String) -> String {
        var view = Substring(uid)
        while let last = view.last, last == "\0" || last == " " { view.removeLast() }
        while let first = view.first, first == " " { view.removeFirst() }
        return String(view)
    }
}
