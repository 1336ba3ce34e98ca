import DICOMDataSet

/// Matches a C-FIND identifier against a candidate entity and builds the identifier of a pending response
/// (PS3.4 C.2.2.2 matching, C.4.1.1.3.2 response identifier, K.6.1.2 worklist).
///
/// Every key of the identifier must match (PS3.4 C.2.2.1: the matching keys combine with AND). A key the
/// candidate lacks matches only when it is universal. Specific Character Set, Query/Retrieve Level, Query/Retrieve
/// View and Timezone Offset From UTC qualify the query and are not matched (C.4.1.1.3.1, C.4.1.1.3.3, C.4.1.1.3.4).
struct IdentifierMatcher {
    let query: AttributeSet
    let queryCharacterSet: SpecificCharacterSet

    init(query: AttributeSet) {
        self.query = query
        queryCharacterSet = query.specificCharacterSet
    }

    /// Attributes of an identifier that are not matching keys.
    static let notKeys: Set<DICOMTag> = [.specificCharacterSet, .queryRetrieveLevel, DICOMTag(0x0008, 0x0053),
                                         DICOMTag(0x0008, 0x0201)]

    func matches(_ candidate: AttributeSet) -> Bool {
        Self.matches(query, queryCharacterSet, candidate, candidate.specificCharacterSet)
    }

    private static func matches(_ query: AttributeSet, _ queryCharset: SpecificCharacterSet,
                                _ candidate: AttributeSet, _ candidateCharset: SpecificCharacterSet) -> Bool {
        for (tag, key) in query.values where !notKeys.contains(tag) {
            if let items = key.items {
                // C.2.2.2.6: an empty sequence key or one empty item is universal; otherwise one of the
                // candidate's items must match every key of the query's item.
                guard !key.isEmpty, let item = items.first else { continue }
                guard let own = candidate[tag]?.items,
                      own.contains(where: { matches(item, queryCharset, $0, candidateCharset) }) else { return false }
                continue
            }
            guard case .success(let keyText) = key.text(characterSet: queryCharset) else { return false }
            if MatchingKind.of(vr: key.vr, text: keyText.trimmingSpaces) == .universal { continue }
            guard let value = candidate[tag], value.isComplete,
                  case .success(let text) = value.text(characterSet: candidateCharset),
                  KeyMatcher.matches(key: keyText, vr: key.vr, candidate: text) else { return false }
        }
        return true
    }

    /// The identifier of a pending response: every key of the query with the candidate's value, zero length when
    /// the candidate has none (C.4.1.1.3.2); a sequence key with the candidate's items that match its item, each
    /// with the item's keys (all of the item's attributes for an empty sequence key). The candidate's Specific
    /// Character Set comes along, since the values are returned in its encoding.
    func response(for candidate: AttributeSet) -> AttributeSet {
        var out = Self.response(query, queryCharacterSet, candidate, candidate.specificCharacterSet)
        if let charset = candidate[.specificCharacterSet] { out[.specificCharacterSet] = charset }
        return out
    }

    private static func response(_ query: AttributeSet, _ queryCharset: SpecificCharacterSet,
                                 _ candidate: AttributeSet, _ candidateCharset: SpecificCharacterSet) -> AttributeSet {
        var out = AttributeSet()
        for (tag, key) in query.values where tag != .specificCharacterSet {
            guard let items = key.items else {
                out[tag] = candidate[tag].flatMap { $0.isComplete ? $0 : nil } ?? .empty(key.vr)
                continue
            }
            let own = candidate[tag]?.items ?? []
            guard !key.isEmpty, let item = items.first else {
                out[tag] = AttributeValue(vr: .SQ, bytes: [], items: own)
                continue
            }
            let matching = own.filter { matches(item, queryCharset, $0, candidateCharset) }
            out[tag] = AttributeValue(vr: .SQ, bytes: [],
                                      items: matching.map { response(item, queryCharset, $0, candidateCharset) })
        }
        return out
    }
}

extension DICOMTag {
    /// Query/Retrieve Level (0008,0052), PS3.4 C.4.1.1.3.1.
    static let queryRetrieveLevel = DICOMTag(0x0008, 0x0052)
}
