import DICOMDataSet

/// How a key of a C-FIND identifier matches (PS3.4 C.2.2.2), decided by its VR and value.
public enum MatchingKind: String, Sendable, Codable, Equatable {
    /// Zero length, or a lone "*" (C.2.2.2.3): every entity matches.
    case universal
    /// A value without wildcards, ranges or lists (C.2.2.2.1).
    case singleValue = "single-value"
    /// "*" or "?" in a VR other than DA, DT, TM, UI and the binary and numeric VRs (C.2.2.2.4).
    case wildcard
    /// "A-B", "A-" or "-B" in a DA, TM or DT value (C.2.2.2.5).
    case range
    /// Values separated by "\": a list of UIDs (C.2.2.2.2) or multiple values (C.2.2.2.8); any one matching suffices.
    case list
    /// A sequence key, matched item by item (C.2.2.2.6).
    case sequence

    /// The matching of a key with `vr` and its value as text (`text` trimmed of padding).
    static func of(vr: ValueRepresentation, text: String) -> MatchingKind {
        if vr == .SQ { return .sequence }
        if text.isEmpty || text == "*" { return .universal }
        if text.contains("\\") { return .list }
        if vr.allowsRange, text.contains("-") { return .range }
        if vr.allowsWildcard, text.contains(where: { $0 == "*" || $0 == "?" }) { return .wildcard }
        return .singleValue
    }
}

extension ValueRepresentation {
    /// DA, DT and TM take range matching (PS3.4 C.2.2.2.5).
    var allowsRange: Bool { self == .DA || self == .DT || self == .TM }

    /// Wildcards are not special in DA, DT, TM, UI and the numeric and binary VRs (PS3.4 C.2.2.2.4).
    var allowsWildcard: Bool {
        switch self {
        case .AE, .CS, .LO, .LT, .PN, .SH, .ST, .UC, .UR, .UT: true
        default: false
        }
    }
}
