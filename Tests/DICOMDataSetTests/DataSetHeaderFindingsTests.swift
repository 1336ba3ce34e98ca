import DICOMDataSet
import NIOCore
import XCTest

/// Findings about element headers: Group Length (PS3.5 §7.2), explicit VR against the dictionary (PS3.6 §6), odd
/// Value Length (PS3.5 §7.1.1) and unknown VRs, each noted once whatever the chunking.
final class DataSetHeaderFindingsTests: XCTestCase {
    /// One Explicit VR Little Endian element with a 16-bit length (PS3.5 §7.1.2); the value as given, not padded.
    static func element(_ group: UInt16, _ element: UInt16, _ vr: String, _ value: [UInt8]) -> [UInt8] {
        [UInt8(group & 0xFF), UInt8(group >> 8), UInt8(element & 0xFF), UInt8(element >> 8)] + Array(vr.utf8)
            + [UInt8(value.count & 0xFF), UInt8(value.count >> 8)] + value
    }

    /// One element with the 32-bit length form (PS3.5 Table 7.1-1: OB, OW, UN, UT, SQ, and VRs not known).
    static func long(_ group: UInt16, _ element: UInt16, _ vr: String, _ value: [UInt8]) -> [UInt8] {
        let count = UInt32(value.count)
        return [UInt8(group & 0xFF), UInt8(group >> 8), UInt8(element & 0xFF), UInt8(element >> 8)] + Array(vr.utf8)
            + [0, 0, UInt8(count & 0xFF), UInt8(count >> 8 & 0xFF), UInt8(count >> 16 & 0xFF), UInt8(count >> 24)]
            + value
    }

    static func text(_ group: UInt16, _ tag: UInt16, _ vr: String, _ text: String) -> [UInt8] {
        element(group, tag, vr, Array(text.utf8))
    }

    static func groupLength(_ group: UInt16, _ length: UInt32) -> [UInt8] {
        element(group, 0x0000, "UL", [UInt8(length & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length >> 16 & 0xFF),
                                      UInt8(length >> 24)])
    }

    private func read(_ bytes: [UInt8], chunk: Int? = nil) -> DataSetReader {
        var reader = DataSetReader(transferSyntax: .explicitVRLittleEndian)
        if let chunk {
            var index = 0
            while index < bytes.count {
                reader.append(ByteBuffer(bytes: bytes[index..<min(bytes.count, index + chunk)]))
                index += chunk
            }
        } else {
            reader.append(bytes)
        }
        reader.finish()
        return reader
    }

    func testRightGroupLengthsAreNoFinding() {
        let group8 = Self.text(0x0008, 0x0060, "CS", "CT") + Self.text(0x0008, 0x0070, "LO", "ACME")
        let group10 = Self.text(0x0010, 0x0020, "LO", "PID1")
        let bytes = Self.groupLength(0x0008, UInt32(group8.count)) + group8
            + Self.groupLength(0x0010, UInt32(group10.count)) + group10
        let reader = read(bytes)
        XCTAssertEqual(reader.state, .finished)
        XCTAssertEqual(reader.findings, [])
    }

    /// The group ends at the next group's first element, or at the end of the data set.
    func testWrongGroupLengthIsAFinding() {
        let group8 = Self.text(0x0008, 0x0060, "CS", "CT")
        let group10 = Self.text(0x0010, 0x0020, "LO", "PID1")
        let bytes = Self.groupLength(0x0008, 12) + group8 + Self.groupLength(0x0010, 8) + group10
        let reader = read(bytes)
        XCTAssertEqual(reader.findings.map(\.code), [.groupLengthMismatch, .groupLengthMismatch])
        XCTAssertEqual(reader.findings.first?.message,
                       "(0008,0000) Group Length is 12 but group 0008 has 10 bytes (PS3.5 §7.2)")
        XCTAssertEqual(reader.findings.last?.message,
                       "(0010,0000) Group Length is 8 but group 0010 has 12 bytes (PS3.5 §7.2)")
        XCTAssertEqual(reader.findings.first?.severity, .warning)
    }

    /// Inside an item of undefined length the group ends at the Item Delimitation Item; the sequence's own length
    /// counts in its group's length.
    func testGroupLengthInsideAnItemEndsWithTheItem() {
        let inner = Self.text(0x0008, 0x1150, "UI", "1.2\0")
        let item: [UInt8] = [0xFE, 0xFF, 0x00, 0xE0, 0xFF, 0xFF, 0xFF, 0xFF] + Self.groupLength(0x0008, 10) + inner
            + [0xFE, 0xFF, 0x0D, 0xE0, 0, 0, 0, 0]
        let sequence: [UInt8] = [0x08, 0x00, 0x40, 0x11, 0x53, 0x51, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF] + item
            + [0xFE, 0xFF, 0xDD, 0xE0, 0, 0, 0, 0]
        let right = read(Self.groupLength(0x0008, UInt32(sequence.count)) + sequence
                         + Self.text(0x0010, 0x0020, "LO", "PID1"))
        XCTAssertEqual(right.findings.map(\.code), [.groupLengthMismatch])
        XCTAssertEqual(right.findings.first?.message,
                       "(0008,0000) Group Length is 10 but group 0008 has 12 bytes (PS3.5 §7.2)")
    }

    func testVRThatContradictsTheDictionaryIsAFinding() {
        let bytes = Self.text(0x0010, 0x0010, "LO", "Doe^Jane") + Self.text(0x0010, 0x0020, "LO", "PID1")
        let reader = read(bytes)
        XCTAssertEqual(reader.findings.map(\.code), [.vrMismatch])
        XCTAssertEqual(reader.findings.first?.message, "(0010,0010) PatientName has VR LO; PS3.6 gives PN")
    }

    /// "US or SS", "OB or OW" and "US or SS or OW" allow each; UN is allowed for any tag; private elements and
    /// tags the dictionary does not list are not checked.
    func testDictionaryAlternativesUNAndPrivateElementsAreAllowed() {
        let bytes = Self.element(0x0028, 0x0106, "SS", [0, 0]) + Self.element(0x0028, 0x0106, "US", [0, 0])
            + Self.long(0x0028, 0x1201, "OW", [0, 0]) + Self.element(0x0028, 0x3006, "US", [0, 0])
            + Self.long(0x0008, 0x0060, "UN", Array("CT".utf8)) + Self.text(0x0009, 0x0010, "LO", "ACME")
            + Self.element(0x0009, 0x1001, "US", [1, 0])
            + Self.element(0x0011, 0x1000, "FD", Array(repeating: 0, count: 8)) + Self.long(0x7FE0, 0x0010, "OB", [])
        var reader = DataSetReader(transferSyntax: .explicitVRLittleEndian)
        reader.append(bytes)
        XCTAssertEqual(reader.state, .reachedPixelData)
        XCTAssertEqual(reader.findings, [])
    }

    /// A VR that none of the dictionary's alternatives allows is a finding naming them all.
    func testAVROutsideTheDictionaryAlternativesIsAFinding() {
        let bytes = Self.element(0x0028, 0x0106, "FL", [0, 0, 0, 0])
        let reader = read(bytes)
        XCTAssertEqual(reader.findings.map(\.code), [.vrMismatch])
        XCTAssertEqual(reader.findings.first?.message,
                       "(0028,0106) SmallestImagePixelValue has VR FL; PS3.6 gives US or SS")
    }

    /// An element whose value arrives in a later chunk is read twice; what its header shows is noted once.
    func testHeaderFindingsAreNotedOnceWhateverTheChunking() {
        let bytes = Self.groupLength(0x0010, 99) + Self.text(0x0010, 0x0010, "LO", "Doe^Jan")
            + Self.long(0x0010, 0x0020, "ZZ", Array("PID1".utf8)) + Self.text(0x0010, 0x0030, "DA", "20240101")
        let whole = read(bytes)
        XCTAssertEqual(whole.findings.map(\.code), [.vrMismatch, .oddValueLength, .unknownVR, .groupLengthMismatch])
        for chunk in [1, 2, 3, 5, 9] {
            let streamed = read(bytes, chunk: chunk)
            XCTAssertEqual(streamed.findings, whole.findings, "chunk \(chunk)")
            XCTAssertEqual(streamed.elements, whole.elements, "chunk \(chunk)")
        }
    }

    /// A reader that stopped at its prefix limit did not see the group's end: no finding.
    func testGroupCutByThePrefixLimitIsNoFinding() {
        let bytes = Self.groupLength(0x0010, 4) + Self.text(0x0010, 0x0010, "PN", "Doe^Jane")
            + Self.text(0x0010, 0x0020, "LO", "PID1")
        var reader = DataSetReader(transferSyntax: .explicitVRLittleEndian,
                                   limits: DataSetReaderLimits(prefixBytes: 14))
        reader.append(bytes)
        reader.finish()
        XCTAssertEqual(reader.state, .reachedLimit)
        XCTAssertEqual(reader.findings.map(\.code), [.prefixLimit])
    }
}
