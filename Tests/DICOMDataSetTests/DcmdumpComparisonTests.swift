import DICOMDataSet
import Foundation
import NIOCore
import XCTest

/// The reader against DCMTK's dcmdump, element by element (depth, tag, VR, length; text and US/UL values), on
/// pydicom's test files in every transfer syntax this reader decodes. Pixel Data fragments are items, not elements,
/// and are left out of both sides.
final class DcmdumpComparisonTests: XCTestCase {
    static let files: [(name: String, charset: Bool, syntax: DataSetEncoding)] = [
        ("CT_small.dcm", false, .explicitVRLittleEndian),
        ("MR_small_implicit.dcm", false, .implicitVRLittleEndian),
        ("MR_small_bigendian.dcm", false, .explicitVRBigEndian),
        ("rtplan.dcm", false, .implicitVRLittleEndian),
        ("SC_rgb_rle_2frame.dcm", false, .explicitVRLittleEndian),
        ("JPEG2000.dcm", false, .explicitVRLittleEndian),
        ("chrH31.dcm", true, .explicitVRLittleEndian),
        ("chrI2.dcm", true, .explicitVRLittleEndian),
    ]

    func testEveryFileMatchesDcmdump() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/dcmdump") else {
            throw XCTSkip("DCMTK dcmdump is not installed")
        }
        var rng = SeededRNG(seed: 13)
        for file in Self.files {
            guard let path = PydicomTestFiles.path(file.name, charset: file.charset),
                  let part10 = Part10File(path: path) else {
                throw XCTSkip("pydicom's \(file.name) is not installed")
            }
            let syntax = try XCTUnwrap(DataSetEncoding(transferSyntaxUID: part10.transferSyntaxUID), file.name)
            XCTAssertEqual(syntax, file.syntax, file.name)
            // Fed in chunks of 1–97 bytes, as PDV fragments of any size would bring it.
            var reader = DataSetReader(transferSyntax: syntax, limits: .wholeDataSet)
            var index = 0
            while index < part10.dataSet.count {
                let size = Int.random(in: 1...97, using: &rng)
                reader.append(Array(part10.dataSet[index..<min(index + size, part10.dataSet.count)]))
                index += size
            }
            reader.finish()
            XCTAssertEqual(reader.state, .finished, file.name)
            XCTAssertEqual(reader.findings.filter { $0.code == .transferSyntaxMismatch }, [], file.name)

            let dump = try XCTUnwrap(PydicomTestFiles.runData("/usr/bin/dcmdump", ["-q", "+L", "-Un", path]),
                                     file.name)
            let expected = DcmdumpLine.dataSetLines(of: String(data: dump, encoding: .isoLatin1) ?? "")
            let actual = reader.elements.filter { $0.kind == .element }.map(Self.line)
            XCTAssertGreaterThan(expected.count, 10, file.name)
            XCTAssertEqual(actual.count, expected.count, file.name)
            for (mine, theirs) in zip(actual, expected) {
                XCTAssertEqual(mine.tag, theirs.tag, file.name)
                XCTAssertEqual(mine.depth, theirs.depth, "\(file.name) \(theirs)")
                XCTAssertEqual(mine.vr, theirs.vr, "\(file.name) \(theirs)")
                XCTAssertEqual(mine.length, theirs.length, "\(file.name) \(theirs)")
                if !mine.value.isEmpty {
                    XCTAssertEqual(mine.value, theirs.value, "\(file.name) \(theirs)")
                }
            }
        }
    }

    /// Our element in dcmdump's terms; `value` empty where it is not compared (binary VRs other than US/UL).
    static func line(_ element: DataElement) -> DcmdumpLine {
        let vr = element.vr?.rawValue ?? "na"
        var value = ""
        if let v = element.vr, element.length == 0, v != .SQ {
            value = "(no value available)"
        } else if let v = element.vr, v.isString, let bytes = element.trimmedValue {
            // dcmdump prints text values raw: both sides are compared byte for byte through Latin-1.
            value = "[" + (String(data: Data(bytes), encoding: .isoLatin1) ?? "") + "]"
        } else if element.vr == .US || element.vr == .UL {
            value = element.unsignedIntegers.map(String.init).joined(separator: "\\")
        }
        let tag = "(\(hex(element.tag.group)),\(hex(element.tag.element)))"
        return DcmdumpLine(depth: element.depth, tag: tag, vr: vr, value: value,
                           length: element.isUndefinedLength ? nil : element.length)
    }

    static func hex(_ value: UInt16) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 4 - digits.count) + digits
    }
}
