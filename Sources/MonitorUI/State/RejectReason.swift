import AssociationEvents
/// A source/reason pair from PS3.8 Table 9-21 (A-ASSOCIATE-RJ), with the result it is usually sent with.
public struct RejectReason: Sendable, Hashable {
    public var source: Int
    public var reason: Int
    public var text: String
    /// 1 rejected-permanent, 2 rejected-transient.
    public var usualResult: Int

    /// Every defined source/reason combination of PS3.8 Table 9-21 (reserved values left out).
    public static let all: [RejectReason] = [
        RejectReason(source: 1, reason: 1, text: "service-user: no-reason-given", usualResult: 1),
        RejectReason(source: 1, reason: 2, text: "service-user: application-context-name-not-supported",
                     usualResult: 1),
        RejectReason(source: 1, reason: 3, text: "service-user: calling-AE-title-not-recognized", usualResult: 1),
        RejectReason(source: 1, reason: 7, text: "service-user: called-AE-title-not-recognized", usualResult: 1),
        RejectReason(source: 2, reason: 1, text: "provider (ACSE): no-reason-given", usualResult: 1),
        RejectReason(source: 2, reason: 2, text: "provider (ACSE): protocol-version-not-supported", usualResult: 1),
        RejectReason(source: 3, reason: 1, text: "provider (presentation): temporary-congestion", usualResult: 2),
        RejectReason(source: 3, reason: 2, text: "provider (presentation): local-limit-exceeded", usualResult: 2),
    ]

    /// PS3.8 Table 9-21 result names.
    public static func resultName(_ result: Int) -> String {
        switch result {
        case 1: "rejected-permanent"
        case 2: "rejected-transient"
        default: "result \(result)"
        }
    }

    /// The text for any triple, including ones the engine chose (rules, limits).
    public static func describe(source: Int, reason: Int) -> String {
        all.first(where: { $0.source == source && $0.reason == reason })?.text ?? "source \(source) reason \(reason)"
    }
}
