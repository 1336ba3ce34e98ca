import DICOMDataSet
import XCTest

final class TagDictionaryTests: XCTestCase {
    func testNamesKeywordsAndVRs() throws {
        let name = try XCTUnwrap(TagDictionary.entry(for: .patientName))
        XCTAssertEqual(name.keyword, "PatientName")
        XCTAssertEqual(name.name, "Patient's Name")
        XCTAssertEqual(name.valueRepresentation, .PN)
        XCTAssertEqual(name.vm, "1")
        XCTAssertFalse(name.isRetired)
        XCTAssertEqual(TagDictionary.implicitVR(for: DICOMTag(0x0028, 0x0106)), .US)  // "US or SS"
        XCTAssertEqual(TagDictionary.implicitVR(for: .pixelData), .OW)  // "OB or OW"
        XCTAssertEqual(TagDictionary.implicitVR(for: DICOMTag(0x0009, 0x0010)), .LO)  // private creator
        XCTAssertEqual(TagDictionary.implicitVR(for: DICOMTag(0x0009, 0x1001)), .UN)
        XCTAssertEqual(TagDictionary.implicitVR(for: DICOMTag(0x0018, 0x0000)), .UL)  // group length
        XCTAssertTrue(try XCTUnwrap(TagDictionary.entry(for: DICOMTag(0x0008, 0x0040))).isRetired)
        XCTAssertEqual(TagDictionary.edition, "2024c")
        XCTAssertGreaterThan(TagDictionary.count, 5000)
    }

    /// Overlays (60xx) and curves (50xx) repeat in even groups only (PS3.5 §7.6).
    func testRepeatingGroups() {
        XCTAssertEqual(TagDictionary.keyword(for: DICOMTag(0x6002, 0x3000)), "OverlayData")
        XCTAssertEqual(TagDictionary.keyword(for: DICOMTag(0x601E, 0x0010)), "OverlayRows")
        XCTAssertNil(TagDictionary.keyword(for: DICOMTag(0x6001, 0x3000)))
        XCTAssertEqual(TagDictionary.keyword(for: DICOMTag(0x5004, 0x3000)), "CurveData")
    }
}
