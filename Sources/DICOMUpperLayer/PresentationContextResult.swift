/// Result/Reason field of a presentation context item in the A-ASSOCIATE-AC (PS3.8 §9.3.3.2, Table 9-18).
///
/// A struct rather than an enum so that an out-of-range value a peer sends is kept and shown, not lost.
public struct PresentationContextResult: RawRepresentable, Sendable, Equatable, Hashable, CustomStringConvertible {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let acceptance = PresentationContextResult(rawValue: 0)
    public static let userRejection = PresentationContextResult(rawValue: 1)
    /// Provider rejection, no reason.
    public static let noReason = PresentationContextResult(rawValue: 2)
    /// Provider rejection.
    public static let abstractSyntaxNotSupported = PresentationContextResult(rawValue: 3)
    /// Provider rejection.
    public static let transferSyntaxesNotSupported = PresentationContextResult(rawValue: 4)

    public var isAccepted: Bool { rawValue == 0 }
    /// Values 0–4 are defined.
    public var isDefined: Bool { rawValue <= 4 }

    public var description: String {
        switch rawValue {
        case 0: "acceptance"
        case 1: "user-rejection"
        case 2: "no-reason (provider rejection)"
        case 3: "abstract-syntax-not-supported (provider rejection)"
        case 4: "transfer-syntaxes-not-supported (provider rejection)"
        default: "undefined result \(rawValue)"
        }
    }
}
