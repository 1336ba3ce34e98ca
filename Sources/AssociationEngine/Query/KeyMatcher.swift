import DICOMDataSet

/// Matches one attribute value of a candidate entity against one key of a query (PS3.4 C.2.2.2): single value,
/// universal, wildcard, range, list of UIDs and multiple values. Sequence keys are `IdentifierMatcher`'s.
///
/// Values are compared as text without leading and trailing spaces (PS3.5 §6.2: padding and, for most string VRs,
/// leading spaces are not significant). Person names compare case-insensitively, which C.2.2.2.1 allows for PN.
/// A candidate with several values (e.g. a CS with "CT\MR") matches when one of them does.
enum KeyMatcher {
    static func matches(key: String, vr: ValueRepresentation, candidate: String) -> Bool {
        let key = key.trimmingSpaces
        let kind = MatchingKind.of(vr: vr, text: key)
        if kind == .universal { return true }
        let candidates = candidate.split(separator: "\\", omittingEmptySubsequences: false)
            .map { String($0).trimmingSpaces }
        let keys = kind == .list ? key.split(separator: "\\").map { String($0).trimmingSpaces } : [key]
        return keys.contains { one in candidates.contains { matchesOne(key: one, vr: vr, candidate: $0) } }
    }

    private static func matchesOne(key: String, vr: ValueRepresentation, candidate: String) -> Bool {
        switch MatchingKind.of(vr: vr, text: key) {
        case .universal: return true
        case .range: return inRange(key, candidate)
        case .wildcard: return wildcard(Array(fold(key, vr)), Array(fold(candidate, vr)))
        default: return fold(key, vr) == fold(candidate, vr)
        }
    }

    private static func fold(_ text: String, _ vr: ValueRepresentation) -> String {
        vr == .PN ? text.lowercased() : text
    }

    /// "A-B", "A-", "-B" (C.2.2.2.5): values compare as text, which orders DA, TM and DT values of the same
    /// precision; the upper bound includes every value it is a prefix of ("-1200" includes 12:00:30).
    private static func inRange(_ key: String, _ candidate: String) -> Bool {
        guard !candidate.isEmpty, let dash = key.firstIndex(of: "-") else { return false }
        let lower = String(key[..<dash]).trimmingSpaces
        let upper = String(key[key.index(after: dash)...]).trimmingSpaces
        if !lower.isEmpty, candidate < lower { return false }
        if !upper.isEmpty, String(candidate.prefix(upper.count)) > upper { return false }
        return true
    }

    /// "*" any run of characters (none included), "?" exactly one (C.2.2.2.4).
    static func wildcard(_ pattern: [Character], _ text: [Character]) -> Bool {
        var p = 0, t = 0
        var star: Int?, mark = 0
        while t < text.count {
            if p < pattern.count, pattern[p] == "?" || pattern[p] == text[t] {
                p += 1; t += 1
            } else if p < pattern.count, pattern[p] == "*" {
                star = p; mark = t; p += 1
            } else if let star {
                p = star + 1; mark += 1; t = mark
            } else {
                return false
            }
        }
        while p < pattern.count, pattern[p] == "*" { p += 1 }
        return p == pattern.count
    }
}

extension String {
    /// Without leading and trailing spaces (and NUL padding).
    var trimmingSpaces: String {
        var view = Substring(self)
        while let first = view.first, first == " " { view.removeFirst() }
        while let last = view.last, last == " " || last == "\0" { view.removeLast() }
        return String(view)
    }
}
