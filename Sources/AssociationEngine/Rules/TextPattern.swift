/// Matches a text value from the A-ASSOCIATE-RQ: an AE title (PS3.8 Table 9-11) or an abstract syntax UID.
///
/// Spelled `*` (anything, even blank), `FOO*` (prefix) or `FOO` (exactly). Leading and trailing spaces are not
/// significant in AE titles (PS3.8 Table 9-11), so both sides are trimmed before comparing;
/// the comparison is case-sensitive, as DICOM AE titles are.
public enum TextPattern: Sendable, Hashable, CustomStringConvertible {
    case any
    case prefix(String)
    case exact(String)

    /// Parses the rules-file spelling; a `*` anywhere but at the end is not accepted (`nil`).
    public init?(_ text: String) {
        let t = Self.trim(text)
        if t == "*" { self = .any; return }
        if t.hasSuffix("*") {
            let p = String(t.dropLast())
            guard !p.contains("*") else { return nil }
            self = .prefix(p)
            return
        }
        guard !t.contains("*") else { return nil }
        self = .exact(t)
    }

    public func matches(_ value: String) -> Bool {
        let v = Self.trim(value)
        switch self {
        case .any: return true
        case .prefix(let p): return v.hasPrefix(p)
        case .exact(let e): return v == e
        }
    }

    public var description: String {
        switch self {
        case .any: "*"
        case .prefix(let p): p + "*"
        case .exact(let e): e
        }
    }

    static func trim(_ s: String) -> String {
        let scalars = s.unicodeScalars
        guard let first = scalars.firstIndex(where: { $0 != " " && $0 != "\0" }),
              let last = scalars.lastIndex(where: { $0 != " " && $0 != "\0" }) else { return "" }
        return String(scalars[first...last])
    }
}
