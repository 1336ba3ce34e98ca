@testable import AssociationEngine
import DICOMDataSet
import Testing

/// C-FIND matching (PS3.4 C.2.2.2) and the identifier encoding of pending responses, without a network.
@Suite struct QueryMatchingTests {
    @Test(arguments: [
        ("", ValueRepresentation.PN, MatchingKind.universal), ("*", .PN, .universal), ("DOE^JOHN", .PN, .singleValue),
        ("DOE*", .PN, .wildcard), ("D?E", .LO, .wildcard), ("20200101-20201231", .DA, .range), ("-1200", .TM, .range),
        ("1.2\\1.3", .UI, .list), ("1.2*", .UI, .singleValue), ("CT\\MR", .CS, .list), ("12?4", .DA, .singleValue),
        ("A-B", .LO, .singleValue), ("", .SQ, .sequence),
    ])
    func matchingKindFollowsTheVR(text: String, vr: ValueRepresentation, kind: MatchingKind) {
        #expect(MatchingKind.of(vr: vr, text: text) == kind)
    }

    @Test func singleWildcardRangeAndListMatching() {
        // Wildcards: "*" any run, "?" one character; PN compares without case (C.2.2.2.1 allows it).
        #expect(KeyMatcher.matches(key: "Comp*^CT?", vr: .PN, candidate: "CompressedSamples^CT1"))
        #expect(KeyMatcher.matches(key: "compressed*", vr: .PN, candidate: "CompressedSamples^CT1"))
        #expect(!KeyMatcher.matches(key: "Comp*^MR?", vr: .PN, candidate: "CompressedSamples^CT1"))
        #expect(!KeyMatcher.matches(key: "1ct1", vr: .LO, candidate: "1CT1"), "only PN ignores case")
        #expect(KeyMatcher.matches(key: "1CT1 ", vr: .LO, candidate: " 1CT1"), "padding is not significant")
        // Ranges include both bounds; an upper bound includes the values it is a prefix of.
        #expect(KeyMatcher.matches(key: "20040119-20040119", vr: .DA, candidate: "20040119"))
        #expect(KeyMatcher.matches(key: "20040101-", vr: .DA, candidate: "20040826"))
        #expect(!KeyMatcher.matches(key: "-20040131", vr: .DA, candidate: "20040826"))
        #expect(KeyMatcher.matches(key: "-1200", vr: .TM, candidate: "120030"))
        #expect(!KeyMatcher.matches(key: "1201-", vr: .TM, candidate: "120030"))
        #expect(!KeyMatcher.matches(key: "20040101-", vr: .DA, candidate: ""), "an empty value is in no range")
        // Lists: any one value; a multi-valued candidate matches when one of its values does.
        #expect(KeyMatcher.matches(key: "1.2.3\\1.2.4", vr: .UI, candidate: "1.2.4"))
        #expect(!KeyMatcher.matches(key: "1.2.3\\1.2.4", vr: .UI, candidate: "1.2.5"))
        #expect(KeyMatcher.matches(key: "MR", vr: .CS, candidate: "CT\\MR"))
        // No wildcards in UI or DA: "*" there is a character like any other, unless alone (universal).
        #expect(!KeyMatcher.matches(key: "1.2.*", vr: .UI, candidate: "1.2.3"))
        #expect(KeyMatcher.matches(key: "*", vr: .UI, candidate: "1.2.3"))
    }

    static func text(_ vr: ValueRepresentation, _ text: String) -> AttributeValue {
        AttributeValue(vr: vr, bytes: Array(text.utf8))
    }

    static let modality = DICOMTag(0x0008, 0x0060)
    static let stationAE = DICOMTag(0x0040, 0x0001)
    static let steps = DICOMTag(0x0040, 0x0100)

    static func candidate(_ modalities: [String]) -> AttributeSet {
        AttributeSet(values: [
            .patientName: text(.PN, "Doe^Jane"), .patientID: text(.LO, "P1"),
            steps: AttributeValue(vr: .SQ, bytes: [], items: modalities.map {
                AttributeSet(values: [modality: text(.CS, $0), stationAE: text(.AE, "SCANNER1")])
            }),
        ])
    }

    /// PS3.4 C.2.2.2.6: one item of the candidate's sequence must match every key of the query's item; the
    /// response carries only the matching items, each with the item's keys.
    @Test func sequenceMatchingReturnsTheMatchingItems() {
        let query = AttributeSet(values: [
            DICOMTag.patientName: Self.text(.PN, "doe*"), .patientID: .empty(.LO),
            Self.steps: AttributeValue(vr: .SQ, bytes: [], items: [AttributeSet(values: [Self.modality: Self.text(.CS, "MR")])]),
        ])
        let matcher = IdentifierMatcher(query: query)
        #expect(!matcher.matches(Self.candidate(["CT"])))
        let both = Self.candidate(["CT", "MR"])
        #expect(matcher.matches(both))
        let response = matcher.response(for: both)
        #expect(response[DICOMTag.patientID] == Self.text(.LO, "P1"))
        #expect(response[Self.steps]?.items == [AttributeSet(values: [Self.modality: Self.text(.CS, "MR")])])
        #expect(response[Self.stationAE] == nil)
        // A key the candidate lacks matches only when universal, and comes back empty.
        let missing = IdentifierMatcher(query: AttributeSet(values: [DICOMTag(0x0008, 0x0050): .empty(.SH)]))
        #expect(missing.matches(both))
        #expect(missing.response(for: both)[DICOMTag(0x0008, 0x0050)] == .empty(.SH))
        let required = IdentifierMatcher(query: AttributeSet(values: [DICOMTag(0x0008, 0x0050): Self.text(.SH, "A1")]))
        #expect(!required.matches(both))
        // Query/Retrieve View and Timezone Offset From UTC qualify the query; no entity has them as attributes.
        let qualified = IdentifierMatcher(query: AttributeSet(values: [
            DICOMTag(0x0008, 0x0053): Self.text(.CS, "CLASSIC"), DICOMTag(0x0008, 0x0201): Self.text(.SH, "+0100"),
        ]))
        #expect(qualified.matches(both))
    }

    /// What a pending response carries reads back the same in each uncompressed transfer syntax, sequences
    /// (of undefined length) and numbers included.
    @Test(arguments: [DataSetEncoding.implicitVRLittleEndian, .explicitVRLittleEndian, .explicitVRBigEndian])
    func identifierEncodingReadsBack(encoding: DataSetEncoding) {
        var set = Self.candidate(["CT", "MR"])
        set[.rows] = AttributeValue(vr: .US, bytes: [0x00, 0x02])  // 512, little endian
        set[.studyDescription] = Self.text(.LO, "odd")  // padded to even length on the wire
        var reader = DataSetReader(transferSyntax: encoding, limits: .wholeDataSet)
        reader.append(Array(set.encoded(encoding).readableBytesView))
        reader.finish()
        #expect(reader.state == .finished)
        #expect(reader.findings.isEmpty)
        var back = AttributeSet(elements: reader.elements)
        #expect(back[.rows]?.text(characterSet: .default) == .success("512"))
        #expect(back[.studyDescription]?.bytes == Array("odd ".utf8))
        back[.studyDescription] = Self.text(.LO, "odd")
        #expect(back == set)
    }
}
