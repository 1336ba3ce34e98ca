import AssociationEvents
import DICOMUpperLayer
import Foundation
import NIOCore
import Testing
@testable import AssociationEngine

/// What assocmon answers to an A-ASSOCIATE-RQ (PS3.8 §9.3.3, PS3.7 Annex D.3.3), and the A-ASSOCIATE-AC built from
/// the proposal or an operator's edit of it.
@Suite struct ProposalBuilderTests {
    static let verification = "1.2.840.10008.1.1"
    static let ct = "1.2.840.10008.5.1.4.1.1.2"
    static let mr = "1.2.840.10008.5.1.4.1.1.4"
    static let studyRootFind = "1.2.840.10008.5.1.4.1.2.2.1"
    static let patientRootFind = "1.2.840.10008.5.1.4.1.2.1.1"
    static let worklistFind = "1.2.840.10008.5.1.4.31"
    static let studyRootMove = "1.2.840.10008.5.1.4.1.2.2.2"
    static let privateClass = "1.2.826.0.1.3680043.9.9999.1.1"
    static let ivrle = "1.2.840.10008.1.2"
    static let evrle = "1.2.840.10008.1.2.1"
    static let evrbe = "1.2.840.10008.1.2.2"
    static let deflated = "1.2.840.10008.1.2.1.99"
    static let jpegLossless = "1.2.840.10008.1.2.4.70"
    static let jpeg2000 = "1.2.840.10008.1.2.4.91"
    static let unknownTS = "2.25.147695787860259291623779946741766332418"

    static func rq(_ contexts: [(UInt8, String, [String])], roles: [SCPSCURoleSelection] = [],
                   async: AsynchronousOperationsWindow? = nil, identity: UserIdentityNegotiationRQ? = nil,
                   implementation: String = "1.2.276.0.7230010.3.0.3.6.7",
                   version: String = "OFFIS_DCMTK_367", calling: String = "STORESCU") -> AAssociateRQ {
        AAssociateRQ(calledAETitle: "ASSOCMON", callingAETitle: calling,
                     presentationContexts: contexts.map { PresentationContextRQItem(id: $0.0, abstractSyntax: $0.1,
                                                                                     transferSyntaxes: $0.2) },
                     userInformation: UserInformation(maximumLength: 16384, implementationClassUID: implementation,
                                                      implementationVersionName: version,
                                                      asynchronousOperationsWindow: async, roleSelections: roles,
                                                      userIdentityRQ: identity))
    }

    static func encodes(_ ac: AAssociateAC) -> Bool {
        (try? PDU.associateAC(ac).encoded(mode: .strict)) != nil
    }

    // MARK: DCMTK-like

    @Test func echoscuGetsVerificationWithItsOnlyTransferSyntax() throws {
        let request = Self.rq([(1, Self.verification, [Self.ivrle])], calling: "ECHOSCU")
        let builder = ProposalBuilder()
        var proposal = builder.proposal(for: request)
        #expect(proposal.presentationContexts.map(\.reason)
            == ["Verification SOP Class: Verification, accepted with Implicit VR Little Endian (the SCU's first)"])
        proposal.presentationContexts = proposal.presentationContexts.withoutReasons
        #expect(proposal == Proposal(presentationContexts: [ContextDecision(id: 1, result: 0, transferSyntax: Self.ivrle)],
                                     roleSelections: [], maxPDULength: 262_144))
        let ac = try builder.makeAssociateAC(rq: request)
        #expect(ac.presentationContexts == [PresentationContextACItem(id: 1, result: .acceptance, transferSyntax: Self.ivrle)])
        #expect(ac.userInformation.maximumLength == 262_144)
        #expect(ac.userInformation.implementationClassUID == AssocmonImplementation.classUID)
        #expect(ac.userInformation.implementationVersionName == "ASSOCMON_0.1")
        #expect(ac.userInformation.asynchronousOperationsWindow == nil)
        #expect(ac.userInformation.roleSelections.isEmpty)
        #expect(ac.userInformation.userIdentityAC == nil)
        #expect(ac.calledAETitleField == request.calledAETitleField)
        #expect(ac.callingAETitleField == request.callingAETitleField)
        #expect(Self.encodes(ac))
    }

    @Test func storescuContextsFollowTheSCUsOrderUnlessWePrefer() throws {
        // storescu proposes each SOP class with its compressed syntax alone and with the uncompressed trio.
        let request = Self.rq([(1, Self.ct, [Self.jpegLossless]), (3, Self.ct, [Self.evrle, Self.evrbe, Self.ivrle]),
                               (5, Self.mr, [Self.evrle, Self.evrbe, Self.ivrle]), (7, Self.verification, [Self.evrle])])
        let plain = ProposalBuilder().proposal(for: request).presentationContexts
        #expect(plain.map(\.result) == [0, 0, 0, 0])
        #expect(plain.map(\.transferSyntax) == [Self.jpegLossless, Self.evrle, Self.evrle, Self.evrle])

        let preferring = ProposalBuilder(ProposalConfiguration(preferredTransferSyntaxes: [Self.ivrle, Self.evrbe]))
        #expect(preferring.proposal(for: request).presentationContexts.map(\.transferSyntax)
            == [Self.jpegLossless, Self.ivrle, Self.ivrle, Self.evrle])
        let answers = preferring.answers(for: request)
        #expect(answers[1].explanation.contains("our preference"))
        #expect(answers[0].explanation.contains("the SCU's first"))
    }

    @Test func verificationTakesOnlyUncompressedSyntaxes() {
        let request = Self.rq([(1, Self.verification, [Self.deflated, Self.jpeg2000, Self.evrbe]),
                               (3, Self.verification, [Self.jpegLossless, Self.deflated])])
        let decisions = ProposalBuilder().proposal(for: request).presentationContexts
        #expect(decisions.withoutReasons == [ContextDecision(id: 1, result: 0, transferSyntax: Self.evrbe),
                                             ContextDecision(id: 3, result: 4)])
        #expect(decisions[1].reason?.contains("Verification takes Implicit VR LE, Explicit VR LE or BE") == true)
        // The opt-in for unknown transfer syntaxes is for storage only.
        let unknown = Self.rq([(1, Self.verification, [Self.unknownTS])])
        let lenient = ProposalBuilder(ProposalConfiguration(acceptUnknownTransferSyntaxes: true))
        #expect(lenient.proposal(for: unknown).presentationContexts.map(\.result) == [4])
    }

    @Test func storageTakesTheRegisteredTransferSyntaxesOnly() {
        let privateTS = "1.2.826.0.1.3680043.9.9999.2.1"
        let request = Self.rq([(1, Self.ct, ["1.2.abc", "1.02.3", Self.verification, privateTS, Self.evrle]),
                               (3, Self.ct, ["", "1..2", Self.studyRootFind]),
                               (5, Self.ct, [Self.jpeg2000]), (7, Self.ct, [Self.deflated, Self.ivrle]),
                               (9, Self.ct, ["1.2.840.10008.1.2.4.201"]), (11, Self.ct, ["1.2.840.10008.1.2.7.1"])])
        let decisions = ProposalBuilder().proposal(for: request).presentationContexts
        #expect(decisions.withoutReasons == [ContextDecision(id: 1, result: 0, transferSyntax: Self.evrle),
                                             ContextDecision(id: 3, result: 4),
                                             ContextDecision(id: 5, result: 0, transferSyntax: Self.jpeg2000),
                                             ContextDecision(id: 7, result: 0, transferSyntax: Self.deflated),
                                             ContextDecision(id: 9, result: 0, transferSyntax: "1.2.840.10008.1.2.4.201"),
                                             ContextDecision(id: 11, result: 4)])
        #expect(decisions[0].reason?.contains("the SCU's first acceptable") == true)
    }

    /// A syntactically valid but unregistered transfer syntax is never chosen by default (PS3.8 §9.3.3.2: the
    /// acceptor takes one it supports); alone it gets result 4, and the reason says so.
    @Test func unknownTransferSyntaxesAreNeverChosenByDefault() {
        let request = Self.rq([(1, Self.ct, [Self.unknownTS]), (3, Self.ct, [Self.unknownTS, Self.ivrle])])
        let strict = ProposalBuilder().proposal(for: request).presentationContexts
        #expect(strict.withoutReasons == [ContextDecision(id: 1, result: 4),
                                          ContextDecision(id: 3, result: 0, transferSyntax: Self.ivrle)])
        #expect(strict[0].reason == "CT Image Storage: no proposed transfer syntax is supported: \(Self.unknownTS)"
            + " (unknown or private; --accept-unknown-transfer-syntaxes would accept them)")
        #expect(strict[1].reason?.contains("accepted with Implicit VR Little Endian (the SCU's first acceptable)") == true)
        // Even our own preference cannot pick what we do not support.
        let preferring = ProposalBuilder(ProposalConfiguration(preferredTransferSyntaxes: [Self.unknownTS]))
        #expect(preferring.proposal(for: request).presentationContexts.map(\.result) == [4, 0])

        let lenient = ProposalBuilder(ProposalConfiguration(acceptUnknownTransferSyntaxes: true))
        let captured = lenient.proposal(for: request).presentationContexts
        #expect(captured.withoutReasons == [ContextDecision(id: 1, result: 0, transferSyntax: Self.unknownTS),
                                            ContextDecision(id: 3, result: 0, transferSyntax: Self.unknownTS)])
        #expect(captured[0].reason?.contains("unknown transfer syntax \(Self.unknownTS), stored as received") == true)
        // Still never a malformed UID or one registered as something else.
        let odd = Self.rq([(1, Self.ct, ["1.02.3", Self.verification])])
        #expect(lenient.proposal(for: odd).presentationContexts.map(\.result) == [4])
    }

    // MARK: pynetdicom-like

    @Test func pynetdicomRequestWithRolesAsyncWindowAndUserIdentity() throws {
        let request = Self.rq([(1, Self.verification, [Self.ivrle, Self.evrle, Self.evrbe, Self.deflated]),
                               (3, Self.ct, [Self.ivrle, Self.evrle, Self.evrbe, Self.deflated]),
                               (5, Self.studyRootFind, [Self.ivrle])],
                              roles: [SCPSCURoleSelection(sopClassUID: Self.ct, scu: true, scp: true)],
                              async: AsynchronousOperationsWindow(invoked: 0, performed: 0),
                              identity: UserIdentityNegotiationRQ(userIdentityType: 2, positiveResponseRequested: true,
                                                                  primaryField: Array("alice".utf8),
                                                                  secondaryField: Array("secret".utf8)),
                              implementation: "1.2.826.0.1.3680043.9.3811.3.0.4", version: "PYNETDICOM_304",
                              calling: "PYNETDICOM")
        let builder = ProposalBuilder()
        let proposal = builder.proposal(for: request)
        #expect(proposal.presentationContexts.withoutReasons == [ContextDecision(id: 1, result: 0, transferSyntax: Self.ivrle),
                                                  ContextDecision(id: 3, result: 0, transferSyntax: Self.ivrle),
                                                  ContextDecision(id: 5, result: 0, transferSyntax: Self.ivrle)])
        // Requestor may be SCU; we never take the SCU role ourselves.
        #expect(proposal.roleSelections == [RoleSelection(sopClassUID: Self.ct, scuRole: 1, scpRole: 0)])
        let ac = try builder.makeAssociateAC(rq: request)
        #expect(ac.userInformation.asynchronousOperationsWindow == .synchronous)
        #expect(ac.userInformation.roleSelections == [SCPSCURoleSelection(sopClassUID: Self.ct, scu: true, scp: false)])
        // No positive user identity response we could not back (PS3.7 D.3.3.7).
        #expect(ac.userInformation.userIdentityAC == nil)
        #expect(!ac.userInformation.subItems.contains { $0.itemType == 0x59 })
        #expect(ac.presentationContexts.map(\.result) == [.acceptance, .acceptance, .acceptance])
        #expect(Self.encodes(ac))
    }

    @Test func roleSelectionCases() {
        let request = Self.rq([(1, Self.ct, [Self.evrle]), (3, Self.mr, [Self.evrle]),
                               (5, "1.2.840.10008.5.1.4.1.1.7", [Self.evrle]), (7, Self.studyRootFind, [Self.ivrle])],
                              roles: [SCPSCURoleSelection(sopClassUID: Self.ct, scu: true, scp: false),
                                      SCPSCURoleSelection(sopClassUID: Self.mr, scu: false, scp: true),  // C-GET SCU
                                      SCPSCURoleSelection(sopClassUID: "1.2.840.10008.5.1.4.1.1.7", scu: false, scp: false),
                                      SCPSCURoleSelection(sopClassUID: Self.studyRootFind, scu: true, scp: false),
                                      SCPSCURoleSelection(sopClassUID: "1.2.840.10008.5.1.4.1.1.128", scu: true, scp: true),
                                      SCPSCURoleSelection(sopClassUID: Self.ct, scu: true, scp: true)])  // repeated: first wins
        let proposal = ProposalBuilder().proposal(for: request)
        #expect(proposal.presentationContexts.map(\.result) == [0, 1, 1, 0])
        #expect(proposal.roleSelections == [RoleSelection(sopClassUID: Self.ct, scuRole: 1, scpRole: 0),
                                            RoleSelection(sopClassUID: Self.studyRootFind, scuRole: 1, scpRole: 0)])
        let answers = ProposalBuilder().answers(for: request)
        #expect(answers[1].explanation.contains("never acts as SCU"))
    }

    // MARK: Queries

    /// The FIND SOP classes assocmon answers are accepted in an uncompressed transfer syntax (the identifier is
    /// decoded and answered in it); `--no-queries` restores result 3; C-MOVE is not answered, so stays result 3.
    @Test func findContextsAreAcceptedUnlessQueriesAreOff() {
        let request = Self.rq([(1, Self.patientRootFind, [Self.deflated, Self.evrle]), (3, Self.studyRootFind, [Self.ivrle]),
                               (5, Self.worklistFind, [Self.evrbe]), (7, Self.studyRootFind, [Self.deflated]),
                               (9, Self.studyRootMove, [Self.ivrle])])
        let answers = ProposalBuilder().answers(for: request)
        #expect(answers.map(\.decision) == [ContextDecision(id: 1, result: 0, transferSyntax: Self.evrle),
                                            ContextDecision(id: 3, result: 0, transferSyntax: Self.ivrle),
                                            ContextDecision(id: 5, result: 0, transferSyntax: Self.evrbe),
                                            ContextDecision(id: 7, result: 4), ContextDecision(id: 9, result: 3)])
        #expect(answers[2].explanation.contains("--worklist"))
        let off = ProposalBuilder(ProposalConfiguration(acceptsQueries: false)).answers(for: request)
        #expect(off.map(\.decision.result) == [3, 3, 3, 3, 3])
        #expect(off[0].explanation.contains("--no-queries"))
    }

    // MARK: Private SOP classes

    @Test func privateSOPClassesNeedTheFlag() {
        let request = Self.rq([(1, Self.privateClass, [Self.evrle]), (3, Self.studyRootMove, [Self.ivrle]),
                               (5, "not.a.uid", [Self.evrle])])
        let strict = ProposalBuilder()
        #expect(strict.proposal(for: request).presentationContexts.map(\.result) == [3, 3, 3])
        #expect(strict.answers(for: request)[0].explanation.contains("--accept-unknown-sop-classes"))
        let promiscuous = ProposalBuilder(ProposalConfiguration(acceptUnknownSOPClasses: true))
        // Known non-storage classes stay unsupported: we could not serve them.
        #expect(promiscuous.proposal(for: request).presentationContexts.withoutReasons
            == [ContextDecision(id: 1, result: 0, transferSyntax: Self.evrle), ContextDecision(id: 3, result: 3),
                ContextDecision(id: 5, result: 3)])
    }

    // MARK: Storage SOP classes of recent PS3.6 editions

    @Test func recentAndUnnamedStorageClassesAreAccepted() {
        let recent = ["1.2.840.10008.5.1.4.1.1.66.7", "1.2.840.10008.5.1.4.1.1.66.8",
                      "1.2.840.10008.5.1.4.1.1.9.100.1", "1.2.840.10008.5.1.4.1.1.9.100.2"]
        let unnamed = "1.2.840.10008.5.1.4.1.1.66.99"
        let request = Self.rq([(1, recent[0], [Self.evrle]), (3, recent[1], [Self.evrle]), (5, recent[2], [Self.evrle]),
                               (7, recent[3], [Self.evrle]), (9, unnamed, [Self.evrle]),
                               (11, "1.2.840.10008.5.1.4.1.2.99", [Self.evrle])])
        let answers = ProposalBuilder().answers(for: request)
        #expect(answers.map(\.decision.result) == [0, 0, 0, 0, 0, 3])
        #expect(answers[0].explanation.hasPrefix("Label Map Segmentation Storage: storage, accepted"))
        #expect(answers[4].explanation.hasPrefix("\(unnamed) (unnamed storage SOP class): storage, accepted"))
        // Outside the storage root an unknown UID stays unsupported.
        #expect(answers[5].explanation.contains("--accept-unknown-sop-classes"))
    }

    // MARK: Malformed contexts

    @Test func malformedContextsAreNoReasonAndEvenIDsAreNeverAccepted() throws {
        let request = Self.rq([(1, Self.verification, [Self.ivrle]), (2, Self.ct, [Self.evrle]), (0, Self.ct, [Self.evrle]),
                               (5, Self.ct, [Self.evrle]), (5, Self.mr, [Self.evrle]), (7, Self.ct, []),
                               (9, "", [Self.evrle])])
        let builder = ProposalBuilder()
        #expect(builder.proposal(for: request).presentationContexts.map(\.result) == [0, 2, 2, 2, 2, 2, 2])
        let ac = try builder.makeAssociateAC(rq: request)
        // Every distinct proposed ID is answered; the even ones and the duplicate only with result 2.
        #expect(ac.presentationContexts.map(\.id) == [1, 2, 0, 5, 7, 9])
        #expect(ac.presentationContexts.map(\.result) == [.acceptance, .noReason, .noReason, .noReason, .noReason,
                                                          .noReason])
        // Rejected contexts still carry a transfer syntax sub-item (PS3.8 Table 9-18: not significant unless accepted).
        #expect(ac.presentationContexts.map(\.transferSyntax) == [Self.ivrle, Self.evrle, Self.evrle, Self.evrle, "",
                                                                  Self.evrle])
        #expect(Self.encodes(ac))
        #expect(throws: ProposalError.self) {
            _ = try builder.makeAssociateAC(rq: request, decisions: [ContextDecision(id: 5, result: 0,
                                                                                     transferSyntax: Self.evrle)])
        }
        #expect(throws: ProposalError.self) {
            _ = try builder.makeAssociateAC(rq: request, decisions: [ContextDecision(id: 2, result: 0,
                                                                                     transferSyntax: Self.evrle)])
        }
    }

    // MARK: Edited decisions

    static let editable = rq([(1, verification, [ivrle]), (3, ct, [jpegLossless, evrle, ivrle]), (5, mr, [evrle])],
                             roles: [SCPSCURoleSelection(sopClassUID: ct, scu: true, scp: true)])

    @Test func editsOverrideOnlyTheContextsTheyName() throws {
        let builder = ProposalBuilder()
        let resolved = try builder.resolve(rq: Self.editable, decisions: [
            ContextDecision(id: 3, result: 0, transferSyntax: Self.ivrle),
            ContextDecision(id: 5, result: 1, transferSyntax: Self.evrle),
        ])
        #expect(resolved.presentationContexts.map(\.reason) == [
            "Verification SOP Class: Verification, accepted with Implicit VR Little Endian (the SCU's first)",
            "edited by the operator", "edited by the operator"])
        #expect(resolved.presentationContexts.withoutReasons == [ContextDecision(id: 1, result: 0, transferSyntax: Self.ivrle),
                                                  ContextDecision(id: 3, result: 0, transferSyntax: Self.ivrle),
                                                  ContextDecision(id: 5, result: 1)])
        let ac = try builder.makeAssociateAC(rq: Self.editable, decisions: [ContextDecision(id: 3, result: 0,
                                                                                            transferSyntax: Self.ivrle)])
        #expect(ac.presentationContexts.map(\.transferSyntax) == [Self.ivrle, Self.ivrle, Self.evrle])
        #expect(ProposalBuilder.merged([ContextDecision(id: 5, result: 4), ContextDecision(id: 99, result: 0)],
                                       over: builder.proposal(for: Self.editable).presentationContexts).map(\.result)
            == [0, 0, 4])
    }

    @Test func operatorMayAcceptWhatTheProposalRejected() throws {
        let request = Self.rq([(1, Self.studyRootFind, [Self.ivrle])])
        let ac = try ProposalBuilder().makeAssociateAC(rq: request, decisions: [ContextDecision(id: 1, result: 0,
                                                                                                transferSyntax: Self.ivrle)])
        #expect(ac.presentationContexts == [PresentationContextACItem(id: 1, result: .acceptance, transferSyntax: Self.ivrle)])
    }

    @Test(arguments: [
        (ContextDecision(id: 11, result: 0, transferSyntax: ProposalBuilderTests.ivrle), "was not proposed"),
        (ContextDecision(id: 3, result: 0, transferSyntax: ProposalBuilderTests.jpeg2000),
         "one of the proposed transfer syntaxes"),
        (ContextDecision(id: 3, result: 0), "not none"),
        (ContextDecision(id: 3, result: 5), "is not 0–4"),
        (ContextDecision(id: 3, result: -1), "is not 0–4"),
    ])
    func invalidEditsAreRejectedWithAReason(edit: ContextDecision, message: String) {
        do {
            _ = try ProposalBuilder().makeAssociateAC(rq: Self.editable, decisions: [edit])
            Issue.record("accepted \(edit)")
        } catch {
            #expect(error.description.contains(message), "\(error.description)")
        }
    }

    @Test func aContextDecidedTwiceIsAnError() {
        #expect(throws: ProposalError.self) {
            _ = try ProposalBuilder().resolve(rq: Self.editable, decisions: [ContextDecision(id: 1, result: 1),
                                                                             ContextDecision(id: 1, result: 2)])
        }
    }

    @Test func roleEditsMayOnlyAcceptWhatWasProposed() throws {
        let builder = ProposalBuilder()
        let both = try builder.makeAssociateAC(rq: Self.editable, roles: [RoleSelection(sopClassUID: Self.ct, scuRole: 1,
                                                                                           scpRole: 1)])
        #expect(both.userInformation.roleSelections == [SCPSCURoleSelection(sopClassUID: Self.ct, scu: true, scp: true)])
        let onlySCU = Self.rq([(1, Self.ct, [Self.evrle])],
                              roles: [SCPSCURoleSelection(sopClassUID: Self.ct, scu: true, scp: false)])
        for (roles, message) in [
            ([RoleSelection(sopClassUID: Self.ct, scuRole: 1, scpRole: 1)], "SCP role was not proposed"),
            ([RoleSelection(sopClassUID: Self.mr, scuRole: 1, scpRole: 0)], "no SCP/SCU role selection"),
            ([RoleSelection(sopClassUID: Self.ct, scuRole: 2, scpRole: 0)], "0 or 1"),
        ] {
            do {
                _ = try builder.makeAssociateAC(rq: onlySCU, roles: roles)
                Issue.record("accepted \(roles)")
            } catch {
                #expect(error.description.contains(message), "\(error.description)")
            }
        }
    }

    // MARK: Rejections no decision can change, our identity

    @Test func protocolVersionAndApplicationContextAreChecked() {
        var request = Self.rq([(1, Self.verification, [Self.ivrle])])
        #expect(ProposalBuilder().requiredRejection(for: request) == nil)
        request.protocolVersion = 2
        #expect(ProposalBuilder().requiredRejection(for: request) == RejectTriple(result: 1, source: 2, reason: 2))
        request.protocolVersion = 3
        request.applicationContextName = "1.2.3.4"
        #expect(ProposalBuilder().requiredRejection(for: request) == RejectTriple(result: 1, source: 1, reason: 2))
    }

    @Test func implementationIdentityIsValid() {
        #expect(UIDSyntax.isValid(AssocmonImplementation.classUID))
        #expect(AssocmonImplementation.classUID.hasPrefix("2.25."))
        #expect((1...16).contains(AssocmonImplementation.versionName.utf8.count))
        #expect(ProposalBuilder(ProposalConfiguration(maxPDULength: 0)).maxPDULength == 262_144)
    }

    @Test func preferTSOptionTakesUIDsAndKeywords() throws {
        #expect(try ProposalConfiguration.transferSyntaxes(parsing: " ExplicitVRLittleEndian, 1.2.840.10008.1.2.4.70 ,,")
            == [Self.evrle, Self.jpegLossless])
        #expect(try ProposalConfiguration.transferSyntaxes(parsing: "") == [])
        #expect(try ProposalConfiguration.transferSyntaxes(parsing: "1.2.826.0.1.3680043.9.9999.2.1")
            == ["1.2.826.0.1.3680043.9.9999.2.1"])
        for bad in ["Explicit", "1.2.840.10008.1.1", "1.2.x"] {
            do {
                _ = try ProposalConfiguration.transferSyntaxes(parsing: "1.2.840.10008.1.2,\(bad)")
                Issue.record("accepted \(bad)")
            } catch {
                #expect(error.description.contains("\"\(bad)\""))
            }
        }
    }

    @Test(arguments: [("1.2.840.10008.1.2", true), ("0", true), ("2.25.0", true), ("1.2.03", false), ("1..2", false),
                      (".1", false), ("1.", false), ("", false), ("1.2a", false), (String(repeating: "1", count: 65), false)])
    func uidSyntax(uid: String, valid: Bool) {
        #expect(UIDSyntax.isValid(uid) == valid)
    }
}

extension ProposalBuilderTests {
    @Test func ruleContextFromARequest() throws {
        let request = Self.rq([(1, Self.verification, [Self.ivrle]), (3, Self.ct, [Self.evrle])], calling: "MOD1")
        let context = RuleContext(rq: request, peer: "10.0.0.9:4000")
        #expect(context == RuleContext(callingAETitle: "MOD1", calledAETitle: "ASSOCMON", peer: "10.0.0.9:4000",
                                       abstractSyntaxes: [Self.verification, Self.ct]))
        let rules = try RuleSet(parsing: "reject 1/1/7 called=OTHER\naccept calling=MOD1 abstract=\(Self.ct)\n")
        #expect(rules.decide(for: context)?.line == 2)
    }
}

/// The real requests captured from DCMTK 3.6.7 and pynetdicom 3.0.4 (the codec's golden fixtures).
extension ProposalBuilderTests {
    static func fixture(_ name: String) throws -> AAssociateRQ {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("DICOMUpperLayerTests/Fixtures/\(name)").path
        let data = try #require(FileManager.default.contents(atPath: path), "missing fixture \(path)")
        guard case .associateRQ(let rq) = try PDU.decode(bytes: ByteBuffer(bytes: data)) else {
            throw FixtureError.notAnAssociateRQ
        }
        return rq
    }

    enum FixtureError: Error { case notAnAssociateRQ }

    @Test func goldenStorescuRequestIsAcceptedWhole() throws {
        let request = try Self.fixture("dcmtk-storescu-associate-rq.bin")
        #expect(request.presentationContexts.count == 64)
        let proposal = ProposalBuilder().proposal(for: request)
        #expect(proposal.presentationContexts.allSatisfy { $0.result == 0 })
        #expect(proposal.presentationContexts.map(\.transferSyntax)
            == request.presentationContexts.map { $0.transferSyntaxes.first })
        #expect(Self.encodes(try ProposalBuilder().makeAssociateAC(rq: request)))
    }

    @Test func golden128ContextEchoscuRequest() throws {
        let request = try Self.fixture("dcmtk-echoscu-128pc-associate-rq.bin")
        let ac = try ProposalBuilder().makeAssociateAC(rq: request)
        #expect(ac.presentationContexts.count == 128)
        #expect(ac.presentationContexts.allSatisfy { $0.result == .acceptance && $0.transferSyntax == Self.ivrle })
        #expect(Self.encodes(ac))
    }

    @Test func goldenPynetdicomRequest() throws {
        let request = try Self.fixture("pynetdicom-associate-rq.bin")
        let builder = ProposalBuilder()
        #expect(builder.proposal(for: request).presentationContexts.withoutReasons
            == [ContextDecision(id: 1, result: 0, transferSyntax: Self.ivrle),
                ContextDecision(id: 3, result: 0, transferSyntax: Self.evrle),
                ContextDecision(id: 5, result: 3)])
        let ac = try builder.makeAssociateAC(rq: request)
        // CT (1,1) → (1,0); the GET role item (0,1) belongs to a rejected context: no answer.
        #expect(ac.userInformation.roleSelections == [SCPSCURoleSelection(sopClassUID: Self.ct, scu: true, scp: false)])
        #expect(ac.userInformation.asynchronousOperationsWindow == .synchronous)
        #expect(ac.userInformation.subItems.map(\.itemType) == [0x51, 0x52, 0x53, 0x54, 0x55])
        #expect(Self.encodes(ac))
    }
}

extension [ContextDecision] {
    /// The decisions without their plain-words reasons, to compare results and transfer syntaxes alone.
    var withoutReasons: [ContextDecision] {
        map { ContextDecision(id: $0.id, result: $0.result, transferSyntax: $0.transferSyntax) }
    }
}
