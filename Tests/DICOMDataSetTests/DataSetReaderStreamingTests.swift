import DICOMDataSet
import Foundation
import NIOCore
import XCTest

/// The reader on a data set streaming in: bounded prefix, stop at Pixel Data, any chunking gives the same result.
final class DataSetReaderStreamingTests: XCTestCase {
    private func file(_ name: String) throws -> Part10File {
        guard let path = PydicomTestFiles.path(name), let file = Part10File(path: path) else {
            throw XCTSkip("pydicom's \(name) is not installed")
        }
        return file
    }

    func testStopsAtPixelDataWithoutReadingIt() throws {
        let ct = try file("CT_small.dcm")
        var reader = DataSetReader(transferSyntax: .explicitVRLittleEndian)
        reader.append(ct.dataSet)
        XCTAssertEqual(reader.state, .reachedPixelData)
        let pixel = try XCTUnwrap(reader.elements.last)
        XCTAssertEqual(pixel.tag, .pixelData)
        XCTAssertNil(pixel.value)
        // Only the pixel data header was consumed: its 32 KiB value was not read.
        XCTAssertEqual(reader.bytesRead, pixel.offset + 12)
        XCTAssertEqual(pixel.length, 128 * 128 * 2)
        XCTAssertGreaterThanOrEqual(ct.dataSet.count - reader.bytesRead, Int(pixel.length))

        let attributes = DataSetAttributes(elements: reader.elements)
        XCTAssertEqual(attributes.patientID, "1CT1")
        XCTAssertEqual(attributes.patientName, "CompressedSamples^CT1")
        XCTAssertEqual(attributes.modality, "CT")
        XCTAssertEqual(attributes.rows, 128)
        XCTAssertEqual(attributes.columns, 128)
        XCTAssertEqual(attributes.studyDate, "20040119")
        XCTAssertEqual(attributes.sopClassUID, "1.2.840.10008.5.1.4.1.1.2")
    }

    func testEveryChunkingGivesTheSameElements() throws {
        let ct = try file("MR_small_bigendian.dcm")
        var whole = DataSetReader(transferSyntax: .explicitVRBigEndian)
        whole.append(ct.dataSet)
        for chunk in [1, 2, 3, 7, 8, 12, 4096] {
            var reader = DataSetReader(transferSyntax: .explicitVRBigEndian)
            var index = 0
            while reader.state == .reading, index < ct.dataSet.count {
                reader.append(ByteBuffer(bytes: ct.dataSet[index..<min(index + chunk, ct.dataSet.count)]))
                index += chunk
            }
            XCTAssertEqual(reader.elements, whole.elements, "chunk \(chunk)")
            XCTAssertEqual(reader.state, .reachedPixelData, "chunk \(chunk)")
        }
        XCTAssertEqual(DataSetAttributes(elements: whole.elements).rows, 64)
    }

    func testPrefixLimitStopsReadingWithAFinding() throws {
        let plan = try file("rtplan.dcm")
        var reader = DataSetReader(transferSyntax: .implicitVRLittleEndian,
                                   limits: DataSetReaderLimits(prefixBytes: 512))
        reader.append(plan.dataSet)
        XCTAssertEqual(reader.state, .reachedLimit)
        XCTAssertEqual(reader.findings.map(\.code), [.prefixLimit])
        XCTAssertLessThan(reader.bytesRead, 512 + 256)
    }

    /// An Explicit VR Little Endian data set sent on an Implicit VR Little Endian context: read as it is encoded.
    func testExplicitBytesOnAnImplicitContextAreAFinding() throws {
        let ct = try file("CT_small.dcm")
        var reader = DataSetReader(transferSyntax: .implicitVRLittleEndian)
        reader.append(ct.dataSet)
        XCTAssertEqual(reader.encoding, .explicitVRLittleEndian)
        XCTAssertEqual(reader.findings.map(\.code), [.transferSyntaxMismatch])
        XCTAssertEqual(DataSetAttributes(elements: reader.elements).patientID, "1CT1")
    }

    func testOddLengthAndUndefinedLengthSequences() {
        // (0010,0020) LO length 3 "ABC"; (0008,1140) SQ undefined with one undefined-length item holding
        // (0008,1150) UI "1.2"; item and sequence delimiters (Explicit VR Little Endian).
        let bytes: [UInt8] = [0x08, 0x00, 0x40, 0x11, 0x53, 0x51, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF,
                              0xFE, 0xFF, 0x00, 0xE0, 0xFF, 0xFF, 0xFF, 0xFF,
                              0x08, 0x00, 0x50, 0x11, 0x55, 0x49, 4, 0, 0x31, 0x2E, 0x32, 0,
                              0xFE, 0xFF, 0x0D, 0xE0, 0, 0, 0, 0,
                              0xFE, 0xFF, 0xDD, 0xE0, 0, 0, 0, 0,
                              0x10, 0x00, 0x20, 0x00, 0x4C, 0x4F, 3, 0, 0x41, 0x42, 0x43]
        var reader = DataSetReader(transferSyntax: .explicitVRLittleEndian)
        reader.append(bytes)
        reader.finish()
        XCTAssertEqual(reader.state, .finished)
        XCTAssertEqual(reader.elements.map(\.kind), [.element, .item, .element, .itemDelimitation,
                                                     .sequenceDelimitation, .element])
        XCTAssertEqual(reader.elements.map(\.depth), [0, 1, 1, 1, 0, 0])
        XCTAssertEqual(reader.findings.map(\.code), [.oddValueLength])
        XCTAssertEqual(DataSetAttributes(elements: reader.elements).patientID, "ABC")
    }

    /// Bytes that are no deflate stream on a Deflated Explicit VR Little Endian context: a typed error.
    func testCorruptDeflateIsATypedError() throws {
        var reader = DataSetReader(transferSyntax: try XCTUnwrap(DataSetEncoding(
            transferSyntaxUID: "1.2.840.10008.1.2.1.99")))
        reader.append([0xFF, 0xFF, 0xFF, 0xFF, 0x08, 0x00])
        guard case .failed(let error) = reader.state, case .corruptDeflate = error.reason else {
            return XCTFail("expected corruptDeflate, got \(reader.state)")
        }
        XCTAssertEqual(reader.findings.map(\.code), [.malformed])
        XCTAssertEqual(reader.elements, [])
    }

    func testCommandFindings() throws {
        let ct = try file("CT_small.dcm")
        var reader = DataSetReader(transferSyntax: .explicitVRLittleEndian)
        reader.append(ct.dataSet)
        let attributes = DataSetAttributes(elements: reader.elements)
        XCTAssertEqual(attributes.commandFindings(affectedSOPClassUID: attributes.sopClassUID,
                                                  affectedSOPInstanceUID: attributes.sopInstanceUID,
                                                  complete: true), [])
        let findings = attributes.commandFindings(affectedSOPClassUID: "1.2.840.10008.5.1.4.1.1.4",
                                                  affectedSOPInstanceUID: "1.2.3\0", complete: true)
        XCTAssertEqual(findings.map(\.code), [.sopInstanceMismatch, .sopClassMismatch])
        var empty = DataSetAttributes()
        empty.modality = "CT"
        XCTAssertEqual(empty.commandFindings(affectedSOPClassUID: nil, affectedSOPInstanceUID: nil, complete: true)
            .count, 4)
        XCTAssertEqual(empty.commandFindings(affectedSOPClassUID: nil, affectedSOPInstanceUID: nil, complete: false),
                       [])
    }
}
