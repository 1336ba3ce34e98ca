import AssociationEvents

/// What became (or would become) of one presentation context: a PS3.8 §9.3.3.2 result, or no answer at all.
public enum ContextOutcome: Sendable, Hashable, CaseIterable {
    case accepted, userRejection, noReason, abstractSyntaxNotSupported, transferSyntaxesNotSupported, notAnswered

    public init(_ decision: ContextDecision?) {
        switch decision?.result {
        case 0: self = .accepted
        case 1: self = .userRejection
        case 2: self = .noReason
        case 3: self = .abstractSyntaxNotSupported
        case 4: self = .transferSyntaxesNotSupported
        default: self = .notAnswered
        }
    }

    /// Group order: accepted first, then the results in PS3.8 order, unanswered last.
    var rank: Int { Self.allCases.firstIndex(of: self) ?? 0 }

    /// The words of the summary line and the group headers.
    public var words: String {
        switch self {
        case .accepted: "accepted"
        case .userRejection: "rejected by the user"
        case .noReason: "rejected, no reason given"
        case .abstractSyntaxNotSupported: "abstract syntax not supported"
        case .transferSyntaxesNotSupported: "transfer syntaxes not supported"
        case .notAnswered: "not answered"
        }
    }

    /// The summary line's words on a narrow screen.
    var brief: String {
        switch self {
        case .accepted: "accepted"
        case .userRejection: "user-rejected"
        case .noReason: "no-reason"
        case .abstractSyntaxNotSupported: "abstract syntax"
        case .transferSyntaxesNotSupported: "transfer syntax"
        case .notAnswered: "not answered"
        }
    }

    /// The result column of the one-line view.
    var short: String {
        switch self {
        case .accepted: "accept"
        case .userRejection: "1 user-rejection"
        case .noReason: "2 no-reason"
        case .abstractSyntaxNotSupported: "3 abstract-syntax"
        case .transferSyntaxesNotSupported: "4 transfer-syntax"
        case .notAnswered: "not answered"
        }
    }
}
