/// One `key=value` condition of a rule. A rule matches when all its matchers do.
public enum RuleMatcher: Sendable, Hashable, CustomStringConvertible {
    /// `calling=`: the Calling AE Title (PS3.8 Table 9-11), trimmed, case-sensitive; `*` and `PREFIX*`.
    case callingAETitle(TextPattern)
    /// `called=`: the Called AE Title, likewise.
    case calledAETitle(TextPattern)
    /// `peer=`: the peer's IP address: one address or a CIDR block, IPv4 or IPv6.
    case peer(AddressPattern)
    /// `abstract=`: matches when *any* proposed presentation context has this abstract syntax (PS3.8 §9.3.2.2);
    /// `*` and `PREFIX*` as for AE titles (`abstract=1.2.840.10008.5.1.4.1.1.*`).
    case abstractSyntax(TextPattern)
    /// `subject=`: a case-insensitive substring of the TLS peer certificate's subject (PS3.15 Annex B); never
    /// matches a plain TCP association.
    case subject(String)

    /// The rules-file keys, in the order `description` lists them.
    public static let keys = ["calling", "called", "peer", "abstract", "subject"]

    public var key: String {
        switch self {
        case .callingAETitle: "calling"
        case .calledAETitle: "called"
        case .peer: "peer"
        case .abstractSyntax: "abstract"
        case .subject: "subject"
        }
    }

    public func matches(_ context: RuleContext) -> Bool {
        switch self {
        case .callingAETitle(let p): p.matches(context.callingAETitle)
        case .calledAETitle(let p): p.matches(context.calledAETitle)
        case .peer(let p): p.matches(context.peer)
        case .abstractSyntax(let p): context.abstractSyntaxes.contains { p.matches($0) }
        case .subject(let s): context.peerCertificateSubject.map { $0.lowercased().contains(s.lowercased()) } ?? false
        }
    }

    /// `key=value`, the value quoted (`"..."`, with `\"` and `\\`) when it is empty or holds a space, a tab, a `"`
    /// or starts with `#`.
    public var description: String {
        let value: String = switch self {
        case .callingAETitle(let p), .calledAETitle(let p), .abstractSyntax(let p): p.description
        case .peer(let p): p.description
        case .subject(let s): s
        }
        return key + "=" + Self.quotedIfNeeded(value)
    }

    static func quotedIfNeeded(_ value: String) -> String {
        let needs = value.isEmpty || value.hasPrefix("#")
            || value.contains { $0 == " " || $0 == "\t" || $0 == "\"" || $0 == "\\" }
        guard needs else { return value }
        return "\"" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            + "\""
    }
}
