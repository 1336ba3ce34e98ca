import AssociationEvents
import DICOMUpperLayer
import Foundation

extension AssociationRequested {
    /// The `association-requested` payload for a decoded A-ASSOCIATE-RQ (PS3.8 §9.3.2, PS3.7 Annex D.3.3).
    /// A user identity's secondary field (passcode) is reduced to its length: it never reaches an event or a log.
    init(association: Int, peer: String, rq: AAssociateRQ, ourAETitle: String, proposal: Proposal,
         deadline: Date?, raw: [UInt8], time: Date) {
        let info = rq.userInformation
        let window = info.asynchronousOperationsWindow
        self.init(
            association: association, peer: peer, callingAETitle: rq.callingAETitle,
            calledAETitle: rq.calledAETitle,
            calledAETitleMismatch: !AAssociateRQ.aeTitlesMatch(rq.calledAETitle, ourAETitle),
            applicationContextName: rq.applicationContextName, protocolVersion: Int(rq.protocolVersion),
            maxPDULength: Int(info.maximumLength ?? 0), implementationClassUID: info.implementationClassUID,
            implementationVersionName: info.implementationVersionName,
            implementation: info.implementationClassUID.flatMap(ImplementationClassRegistry.toolkit(for:)),
            maxOperationsInvoked: window.map { Int($0.maximumNumberOperationsInvoked) },
            maxOperationsPerformed: window.map { Int($0.maximumNumberOperationsPerformed) },
            presentationContexts: rq.presentationContexts.map {
                ProposedContext(id: Int($0.id), abstractSyntax: $0.abstractSyntax,
                                transferSyntaxes: $0.transferSyntaxes)
            },
            roleSelections: info.roleSelections.map {
                RoleSelection(sopClassUID: $0.sopClassUID, scuRole: Int($0.scuRole), scpRole: Int($0.scpRole))
            },
            extendedNegotiations: info.sopClassExtendedNegotiations.map {
                ExtendedNegotiation(sopClassUID: $0.sopClassUID,
                                    applicationInformation: Hex.string($0.serviceClassApplicationInformation))
            } + info.sopClassCommonExtendedNegotiations.map {
                ExtendedNegotiation(sopClassUID: $0.sopClassUID, serviceClassUID: $0.serviceClassUID,
                                    relatedGeneralSOPClassUIDs: $0.relatedGeneralSOPClassUIDs)
            },
            userIdentity: info.userIdentityRQ.map(UserIdentity.init(rq:)),
            findings: rq.findings.map {
                FindingSummary(code: $0.code, severity: $0.severity.rawValue, message: $0.message)
            },
            deadline: deadline, proposal: proposal, raw: raw, time: time)
    }
}

extension UserIdentity {
    /// PS3.7 D.3.3.7.1; binary tokens (Kerberos, SAML, JWT) are described, never copied.
    init(rq: UserIdentityNegotiationRQ) {
        let primary = rq.username ?? "\(rq.typeName) token, \(rq.primaryField.count) bytes"
        self.init(type: Int(rq.userIdentityType), positiveResponseRequested: rq.positiveResponseRequested != 0,
                  primaryField: primary, secondaryFieldLength: rq.secondaryField.count)
    }
}
