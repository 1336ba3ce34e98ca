/// Something noteworthy about how a peer encoded an association request, found while decoding it.
///
/// Findings never stop decoding: the codec is tolerant on receive (PS3.8 §9.3.1 says reserved fields are not
/// tested) and leaves the decision to the operator and to policy. Each finding has a stable `code` (from
/// `ConformanceFinding.Code`) that the monitor can filter on, a severity, and a one-line message.
public struct ConformanceFinding: Sendable, Equatable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable, Equatable, Hashable, Comparable, CaseIterable {
        /// Legal, but worth seeing (e.g. unlimited maximum length).
        case info
        /// Legal or tolerated, but known to break some peers.
        case warning
        /// Violates a "shall" of PS3.8 / PS3.7.
        case error

        private var rank: Int { self == .info ? 0 : self == .warning ? 1 : 2 }
        public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rank < rhs.rank }
    }

    /// Stable identifier, e.g. "pc-id-even". Never renamed once shipped.
    public var code: String
    public var severity: Severity
    public var message: String

    public init(code: String, severity: Severity, message: String) {
        self.code = code
        self.severity = severity
        self.message = message
    }

    public init(_ code: Code, _ message: String) {
        self.init(code: code.rawValue, severity: code.severity, message: message)
    }

    public var description: String { "[\(severity.rawValue)] \(code): \(message)" }
}
