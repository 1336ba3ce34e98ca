/// An edited decision (an `accept` command with presentation contexts or role answers) that cannot be sent in an
/// A-ASSOCIATE-AC. `description` says which context or SOP class, what is wrong and what would be valid.
public struct ProposalError: Error, Sendable, Equatable, CustomStringConvertible {
    enum Code: Sendable, Equatable {
        case unknownContext(Int)
        case invalidContextID(Int)
        case duplicateDecision(Int)
        case resultOutOfRange(id: Int, result: Int)
        case transferSyntaxNotProposed(id: Int, transferSyntax: String?, proposed: [String])
        case unknownRoleSOPClass(String)
        case roleNotProposed(sopClassUID: String, role: String)
        case roleValueOutOfRange(sopClassUID: String)
        case invalidTransferSyntaxOption(String)
    }

    let code: Code

    init(_ code: Code) { self.code = code }

    public var description: String {
        switch code {
        case .unknownContext(let id):
            return "presentation context \(id) was not proposed in the A-ASSOCIATE-RQ"
        case .invalidContextID(let id):
            return "presentation context \(id) has an invalid or duplicated ID (PS3.8 Table 9-13: odd, 1–255, unique)"
                + "; it can only be rejected"
        case .duplicateDecision(let id):
            return "presentation context \(id) is decided more than once"
        case .resultOutOfRange(let id, let result):
            return "presentation context \(id): result \(result) is not 0–4 (PS3.8 Table 9-18)"
        case .transferSyntaxNotProposed(let id, let ts, let proposed):
            return "presentation context \(id): accepting needs one of the proposed transfer syntaxes ("
                + proposed.joined(separator: ", ") + "), not " + (ts.map { "\"\($0)\"" } ?? "none")
        case .unknownRoleSOPClass(let uid):
            return "no SCP/SCU role selection was proposed for \(uid)"
        case .roleNotProposed(let uid, let role):
            return "\(uid): the \(role) role was not proposed, so it cannot be accepted (PS3.7 D.3.3.4)"
        case .roleValueOutOfRange(let uid):
            return "\(uid): role values must be 0 or 1"
        case .invalidTransferSyntaxOption(let token):
            return "--prefer-ts: \"\(token)\" is neither a transfer syntax UID nor a PS3.6 keyword such as "
                + "ExplicitVRLittleEndian"
        }
    }
}
