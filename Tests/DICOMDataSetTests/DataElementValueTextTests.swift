import DICOMDataSet
import XCTest

/// `valueText`: what the Data view shows of a value, at most 64 characters, never a trap.
final class DataElementValueTextTests: XCTestCase {
    func element(_ vr: ValueRepresentation, _ value: [UInt8]?, bigEndian: Bool = false) -> DataElement {
        DataElement(tag: DICOMTag(0x0011, 0x1010), vr: vr, length: UInt32(value?.count ?? 0), depth: 0, offset: 0,
                    value: value, isBigEndian: bigEndian)
    }

    func testNumbersInTheirByteOrderAndSign() {
        XCTAssertEqual(element(.US, [0x80, 0x00, 0x01, 0x00]).valueText(characterSet: .default), "128\\1")
        XCTAssertEqual(element(.SS, [0xFF, 0xFF]).valueText(characterSet: .default), "-1")
        XCTAssertEqual(element(.SL, [0x00, 0x00, 0x00, 0x80], bigEndian: true).valueText(characterSet: .default),
                       "128")
        XCTAssertEqual(element(.UL, [0x00, 0x00, 0x01, 0x00]).valueText(characterSet: .default), "65536")
        XCTAssertEqual(element(.FD, Array(withUnsafeBytes(of: (0.5).bitPattern.littleEndian, Array.init)))
            .valueText(characterSet: .default), "0.5")
        XCTAssertEqual(element(.AT, [0x10, 0x00, 0x20, 0x00]).valueText(characterSet: .default), "(0010,0020)")
    }

    func testBinaryAsHexadecimalOWInWords() {
        XCTAssertEqual(element(.OB, [0x00, 0x01]).valueText(characterSet: .default), "00\\01")
        XCTAssertEqual(element(.OW, [0x01, 0x02, 0x03]).valueText(characterSet: .default), "0201",
                       "a trailing odd byte is no word")
    }

    func testLongValuesAreCutAt64Characters() throws {
        let text = try XCTUnwrap(element(.LT, Array(repeating: 0x41, count: 200)).valueText(characterSet: .default))
        XCTAssertEqual(text.count, 64)
        XCTAssertTrue(text.hasSuffix("…"))
        let numbers = try XCTUnwrap(element(.US, Array(repeating: 0x01, count: 400)).valueText(characterSet: .default))
        XCTAssertLessThanOrEqual(numbers.count, 64)
        XCTAssertTrue(numbers.hasSuffix("…"))
    }

    func testTextDecodedInTheCharacterSetOrItsErrorShown() {
        let latin1 = SpecificCharacterSet(terms: ["ISO_IR 100"])
        XCTAssertEqual(element(.PN, [0x4D, 0xFC, 0x6C, 0x6C, 0x65, 0x72]).valueText(characterSet: latin1), "Müller")
        let utf8 = SpecificCharacterSet(terms: ["ISO_IR 192"])
        XCTAssertTrue(element(.LO, [0xFF, 0xFE]).valueText(characterSet: utf8)?.hasPrefix("not decoded") == true)
    }

    func testNoValueNoText() {
        XCTAssertNil(element(.OW, nil).valueText(characterSet: .default))
        XCTAssertNil(DataElement(kind: .item, tag: DICOMTag(0xFFFE, 0xE000), vr: nil, length: 8, depth: 1, offset: 0,
                                 value: nil).valueText(characterSet: .default))
    }
}
