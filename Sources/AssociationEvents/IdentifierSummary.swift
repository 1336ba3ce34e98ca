/// The identifier of a C-FIND, C-GET or C-MOVE message (PS3.4 C.4.1.1.3, C.4.2.1.4, C.4.3.1.3): its
/// Query/Retrieve Level and every key with its value; in a request, each key's matching (PS3.4 C.2.2.2).
public struct IdentifierSummary: Sendable, Decodable, Equatable {
    /// Query/Retrieve Level (0008,0052): PATIENT, STUDY, SERIES, IMAGE; absent in a worklist query.
    public var level: String?
    /// Specific Character Set (0008,0005) as sent, "\"-separated.
    public var specificCharacterSet: String?
    /// The keys in tag order, a sequence's keys after it (their `tag` and `keyword` paths joined by ">").
    public var keys: [IdentifierKey]
    /// Keys beyond the first `IdentifierSummary.maximumKeys` that are not listed.
    public var keysNotListed: Int?

    /// Keys listed at most in one event.
    public static let maximumKeys = 64

    public init(level: String? = nil, specificCharacterSet: String? = nil, keys: [IdentifierKey],
                keysNotListed: Int? = nil) {
        self.level = level; self.specificCharacterSet = specificCharacterSet; self.keys = keys
        self.keysNotListed = keysNotListed
    }
}

/// One key of an identifier.
public struct IdentifierKey: Sendable, Decodable, Equatable {
    /// "(0010,0010)", or "(0040,0100)>(0008,0060)" inside a sequence's item.
    public var tag: String
    /// "PatientName", "ScheduledProcedureStepSequence>Modality"; absent for tags PS3.6 does not name.
    public var keyword: String?
    public var vr: String
    /// In a request: "universal", "single-value", "wildcard", "range", "list" or "sequence" (PS3.4 C.2.2.2).
    public var matching: String?
    /// The value as text (decoded in the Specific Character Set); absent when empty or when it does not decode
    /// (a `data-set-value-not-decoded` finding says so).
    public var value: String?

    public init(tag: String, keyword: String? = nil, vr: String, matching: String? = nil, value: String? = nil) {
        self.tag = tag; self.keyword = keyword; self.vr = vr; self.matching = matching; self.value = value
    }
}
