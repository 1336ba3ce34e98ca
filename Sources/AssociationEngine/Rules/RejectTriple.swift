/// The (result, source, reason/diag.) of an A-ASSOCIATE-RJ, checked against PS3.8 §9.3.4 Table 9-21.
///
/// Only defined combinations can be built:
/// result 1 rejected-permanent or 2 rejected-transient; source 1 DICOM UL service-user with reasons 1
/// no-reason-given, 2 application-context-name-not-supported, 3 calling-AE-title-not-recognized, 7
/// called-AE-title-not-recognized; source 2 service-provider (ACSE) with 1 no-reason-given, 2
/// protocol-version-not-supported; source 3 service-provider (presentation) with 1 temporary-congestion, 2
/// local-limit-exceeded.
public struct RejectTriple: Sendable, Hashable, CustomStringConvertible {
    public let result: Int
    public let source: Int
    public let reason: Int

    /// Returns `nil` for a combination Table 9-21 does not define.
    public init?(result: Int, source: Int, reason: Int) {
        guard Self.isDefined(result: result, source: source, reason: reason) else { return nil }
        self.result = result; self.source = source; self.reason = reason
    }

    /// `true` when PS3.8 Table 9-21 defines the combination.
    public static func isDefined(result: Int, source: Int, reason: Int) -> Bool {
        guard result == 1 || result == 2 else { return false }
        switch source {
        case 1: return [1, 2, 3, 7].contains(reason)
        case 2: return [1, 2].contains(reason)
        case 3: return [1, 2].contains(reason)
        default: return false
        }
    }

    /// 1/1/1: permanent, service-user, no reason given (`--policy reject`, a bare `reject` rule).
    public static let noReasonGiven = RejectTriple(uncheckedResult: 1, source: 1, reason: 1)
    /// 1/1/3: calling AE title not recognized.
    public static let callingAETitleNotRecognized = RejectTriple(uncheckedResult: 1, source: 1, reason: 3)
    /// 1/1/7: called AE title not recognized (`--require-called-ae`).
    public static let calledAETitleNotRecognized = RejectTriple(uncheckedResult: 1, source: 1, reason: 7)
    /// 2/3/1: transient, temporary congestion (decision timeout, shutdown).
    public static let temporaryCongestion = RejectTriple(uncheckedResult: 2, source: 3, reason: 1)
    /// 2/3/2: transient, local limit exceeded (`--max-associations`).
    public static let localLimitExceeded = RejectTriple(uncheckedResult: 2, source: 3, reason: 2)

    private init(uncheckedResult result: Int, source: Int, reason: Int) {
        self.result = result; self.source = source; self.reason = reason
    }

    /// `result/source/reason`, the rules-file spelling (`2/3/1`).
    public var description: String { "\(result)/\(source)/\(reason)" }

    /// The standard's words, e.g. "rejected-transient, service-provider (presentation), temporary-congestion".
    public var meaning: String {
        let r = result == 1 ? "rejected-permanent" : "rejected-transient"
        let (s, d): (String, String) = switch (source, reason) {
        case (1, 1): ("service-user", "no-reason-given")
        case (1, 2): ("service-user", "application-context-name-not-supported")
        case (1, 3): ("service-user", "calling-AE-title-not-recognized")
        case (1, 7): ("service-user", "called-AE-title-not-recognized")
        case (2, 1): ("service-provider (ACSE)", "no-reason-given")
        case (2, 2): ("service-provider (ACSE)", "protocol-version-not-supported")
        case (3, 1): ("service-provider (presentation)", "temporary-congestion")
        default: ("service-provider (presentation)", "local-limit-exceeded")
        }
        return "\(r), \(s), \(d)"
    }
}
