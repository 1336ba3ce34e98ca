import DICOMDataSet
import Foundation
import XCTest

/// Person names in pydicom's character set files, decoded by the reader and compared with pydicom's own decoding
/// (PS3.5 Annex H–K examples: Japanese ISO 2022 IR 13/87, Korean ISO 2022 IR 149, UTF-8, GB18030, Latin-1,
/// Arabic, Greek, Hebrew, Cyrillic).
final class CharacterSetTests: XCTestCase {
    static let decoded = ["chrH31.dcm", "chrH32.dcm", "chrJapMulti.dcm", "chrI2.dcm", "chrKoreanMulti.dcm",
                          "chrX1.dcm", "chrX2.dcm", "chrFren.dcm", "chrGerm.dcm", "chrArab.dcm",
                          "chrGreek.dcm", "chrHbrw.dcm", "chrRuss.dcm", "chrFrenMulti.dcm", "chrJapMultiExplicitIR6.dcm"]

    func testPersonNamesMatchPydicom() throws {
        for name in Self.decoded {
            let (attributes, path) = try read(name)
            let expected = try XCTUnwrap(PydicomTestFiles.run("/usr/bin/env", ["python3", "-c",
                """
                import pydicom, sys
                from pydicom.charset import convert_encodings, decode_bytes
                ds = pydicom.dcmread(sys.argv[1])
                raw = ds.get_item("PatientName").value
                sys.stdout.write(decode_bytes(raw, convert_encodings(ds.SpecificCharacterSet), {0x5E, 0x3D})
                                 .rstrip(" \\0"))
                """, path]), name)
            XCTAssertFalse(expected.isEmpty, name)
            XCTAssertEqual(attributes.patientName, expected, name)
            XCTAssertEqual(attributes.findings, [], name)
        }
    }

    /// A defined term this reader does not know: the name is absent and a finding names the term.
    func testUndecodedCharacterSetIsAFindingNotMojibake() {
        let elements = [
            DataElement(tag: .specificCharacterSet, vr: .CS, length: 10, depth: 0, offset: 0,
                        value: Array("ISO_IR 999".utf8)),
            DataElement(tag: .patientName, vr: .PN, length: 4, depth: 0, offset: 18, value: [0x4A, 0xE9, 0x5E, 0x41]),
        ]
        let attributes = DataSetAttributes(elements: elements)
        XCTAssertNil(attributes.patientName)
        XCTAssertEqual(Set(attributes.findings.map(\.code)), [.valueNotDecoded])
        let name = attributes.findings.first { $0.message.contains("PatientName") }
        XCTAssertTrue(name?.message.hasSuffix("not decoded: ISO_IR 999") == true, name?.message ?? "")
    }

    func testBytesInvalidInTheDeclaredSetAreFindings() {
        XCTAssertEqual(SpecificCharacterSet(terms: ["ISO_IR 192"]).decode([0x41, 0xC3, 0x28]),
                       .failure(CharacterSetDecodingError(.invalidBytes("ISO_IR 192"))))
        // A Latin-1 é in a data set declaring no character set (the default repertoire).
        XCTAssertEqual(SpecificCharacterSet.default.decode([0x4A, 0xE9]),
                       .failure(CharacterSetDecodingError(.invalidBytes("ISO_IR 6 (the default repertoire)"))))
        // An escape to JIS X 0208 where only Korean is declared.
        XCTAssertEqual(SpecificCharacterSet(terms: ["", "ISO 2022 IR 149"]).decode([0x1B, 0x24, 0x42, 0x3B, 0x33]),
                       .failure(CharacterSetDecodingError(.undeclaredEscape("ISO 2022 IR 87"))))
        XCTAssertEqual(SpecificCharacterSet(terms: ["ISO_IR 100"]).decode([0x42, 0x75, 0x63, 0x5E, 0x4A, 0xE9]),
                       .success("Buc^Jé"))
    }

    private func read(_ name: String) throws -> (DataSetAttributes, String) {
        guard let path = PydicomTestFiles.path(name, charset: true), let file = Part10File(path: path) else {
            throw XCTSkip("pydicom's \(name) is not installed")
        }
        var reader = DataSetReader(transferSyntax: try XCTUnwrap(DataSetEncoding(transferSyntaxUID:
            file.transferSyntaxUID)))
        reader.append(file.dataSet)
        return (DataSetAttributes(elements: reader.elements), path)
    }
}
