import DICOMDataSet
import Foundation
import NIOCore
import TestSupport
import XCTest

/// The reader against DCMTK's dcmdump, element by element (depth, tag, VR, length; text and US/UL values), on
/// pydicom's test files in every transfer syntax this reader decodes (Deflated Explicit VR Little Endian made by
/// pydicom at test time). Pixel Data fragments are items, not elements, and are left out of both sides.
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
        var rng = SplitMix64(seed: 13)
        for file in Self.files {
            guard let path = PydicomTestFiles.path(file.name, charset: file.charset) else {
                throw XCTSkip("pydicom's \(file.name) is not installed")
            }
            try compare(path, file.syntax, &rng)
        }
    }

    /// Deflated Explicit VR Little Endian: pydicom deflates its CT_small and rtplan (nested sequences) at test
    /// time; the reader inflates them as they stream in.
    func testDeflatedFilesMatchDcmdump() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/dcmdump") else {
            throw XCTSkip("DCMTK dcmdump is not installed")
        }
        let directory = NSTemporaryDirectory() + "assocmon-deflated-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var rng = SplitMix64(seed: 99)
        for name in ["CT_small.dcm", "rtplan.dcm"] {
            let output = "\(directory)/\(name)"
            let written = PydicomTestFiles.run("/usr/bin/env", ["python3", "-c", """
                import sys
                from pydicom import dcmread
                from pydicom.data import get_testdata_file
                from pydicom.uid import DeflatedExplicitVRLittleEndian
                ds = dcmread(get_testdata_file(sys.argv[1]))
                ds.file_meta.TransferSyntaxUID = DeflatedExplicitVRLittleEndian
                ds.save_as(sys.argv[2], enforce_file_format=True)
                print("ok")
                """, name, output])
            guard written?.hasPrefix("ok") == true else { throw XCTSkip("pydicom could not deflate \(name)") }
            try compare(output, .deflatedExplicitVRLittleEndian, &rng)
        }
    }

    private func compare(_ path: String, _ expectedSyntax: DataSetEncoding, _ rng: inout SplitMix64) throws {
        let name = URL(fileURLWithPath: path).lastPathComponent
        let part10 = try XCTUnwrap(Part10File(path: path), name)
        let syntax = try XCTUnwrap(DataSetEncoding(transferSyntaxUID: part10.transferSyntaxUID), name)
        XCTAssertEqual(syntax, expectedSyntax, name)
        // Fed in chunks of 1–97 bytes, as PDV fragments of any size would bring it.
        var reader = DataSetReader(transferSyntax: syntax, limits: .wholeDataSet)
        var index = 0
        while index < part10.dataSet.count {
            let size = Int.random(in: 1...97, using: &rng)
            reader.append(Array(part10.dataSet[index..<min(index + size, part10.dataSet.count)]))
            index += size
        }
        reader.finish()
        XCTAssertEqual(reader.state, .finished, name)
        XCTAssertEqual(reader.findings, [], name)

        let dump = try XCTUnwrap(PydicomTestFiles.runData("/usr/bin/dcmdump", ["-q", "+L", "-Un", path]), name)
        let expected = DcmdumpLine.dataSetLines(of: String(data: dump, encoding: .isoLatin1) ?? "")
        let actual = reader.elements.filter { $0.kind == .element }.map(Self.line)
        XCTAssertGreaterThan(expected.count, 10, name)
        XCTAssertEqual(actual.count, expected.count, name)
        for (mine, theirs) in zip(actual, expected) {
            XCTAssertEqual(mine.tag, theirs.tag, name)
            XCTAssertEqual(mine.depth, theirs.depth, "\(name) \(theirs)")
            XCTAssertEqual(mine.vr, theirs.vr, "\(name) \(theirs)")
            XCTAssertEqual(mine.length, theirs.length, "\(name) \(theirs)")
            if !mine.value.isEmpty {
                XCTAssertEqual(mine.value, theirs.value, "\(name) \(theirs)")
            }
        }
    }

    /// Our element in dcmdump's terms; `value` empty where it is not compared (binary VRs other than US/UL).
    static func line(_ element: DataElement) -> DcmdumpLine {
        let vr = element.vr?.rawValue ?? "na"
        var value = ""
        if let v = element.vr, element.length == 0 || (v.isString && element.trimmedValue?.isEmpty == true),
           v != .SQ {
            // dcmdump says so for a value that is empty once its padding is removed, too.
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
