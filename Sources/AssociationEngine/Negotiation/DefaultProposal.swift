import DICOMUpperLayer

/// The engine's own answer to an A-ASSOCIATE-RQ when no richer proposal builder is configured: Verification and
/// every Storage SOP class of the UID dictionary (`acceptUnknownSOPClasses` adds unknown ones as storage), any
/// transfer syntax for storage (stored bit-preserving), the SCU's order unless `preferredTransferSyntaxes` says
/// otherwise (PS3.8 §9.3.3.2; PS3.7 D.3.3.4 for roles).
struct DefaultProposal {
    static let verificationSOPClass = "1.2.840.10008.1.1"
    static let implicitVRLittleEndian = "1.2.840.10008.1.2"

    var options: EngineOptions

    func proposal(for rq: AAssociateRQ) -> Proposal {
        let roles = roleAnswers(rq.userInformation.roleSelections)
        let contexts = rq.presentationContexts.map { context -> ContextDecision in
            let id = Int(context.id)
            guard isSupported(context.abstractSyntax) else { return ContextDecision(id: id, result: 3) }
            if let role = roles.first(where: { $0.sopClassUID == context.abstractSyntax }),
               role.scuRole == 0, role.scpRole == 0 {
                // No role left for either side: user rejection (pynetdicom does the same).
                return ContextDecision(id: id, result: 1)
            }
            guard let ts = chooseTransferSyntax(context.transferSyntaxes, abstractSyntax: context.abstractSyntax)
            else { return ContextDecision(id: id, result: 4) }
            return ContextDecision(id: id, result: 0, transferSyntax: ts)
        }
        return Proposal(presentationContexts: contexts, roleSelections: roles, maxPDULength: options.maxPDULength)
    }

    func isSupported(_ abstractSyntax: String) -> Bool {
        if abstractSyntax == Self.verificationSOPClass { return true }
        if UIDDictionary.isStorageSOPClass(abstractSyntax) { return true }
        guard options.acceptUnknownSOPClasses, !abstractSyntax.isEmpty else { return false }
        return UIDDictionary.entry(for: abstractSyntax) == nil
    }

    func chooseTransferSyntax(_ offered: [String], abstractSyntax: String) -> String? {
        let known = offered.filter(isTransferSyntax)
        for preferred in options.preferredTransferSyntaxes where known.contains(preferred) {
            return preferred
        }
        return known.first
    }

    /// A transfer syntax UID the dictionary knows (or at least one under the DICOM TS root).
    func isTransferSyntax(_ uid: String) -> Bool {
        if let entry = UIDDictionary.entry(for: uid) { return entry.type == .transferSyntax }
        return uid.hasPrefix("1.2.840.10008.1.2")
    }

    /// We act as SCP only: keep the requestor's SCU role, never take the SCU role ourselves (PS3.7 D.3.3.4: the
    /// acceptor may not answer 1 where the requestor proposed 0).
    func roleAnswers(_ proposed: [SCPSCURoleSelection]) -> [RoleSelection] {
        proposed.map { RoleSelection(sopClassUID: $0.sopClassUID, scuRole: $0.scu ? 1 : 0, scpRole: 0) }
    }
}
