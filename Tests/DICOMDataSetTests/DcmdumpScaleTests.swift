import DICOMDataSet
import Foundation
import TestSupport
import XCTest

/// The reader against dcmdump on every pydicom test and charset file that is a Part-10 file dcmdump reads, in every
/// transfer syntax there (Implicit VR LE, Explicit VR LE/BE, Deflated, encapsulated RLE/JPEG/JPEG-LS/JPEG 2000,
/// multi-frame), element by element as `DcmdumpComparisonTests` compares them; Pixel Data fragments are not
/// elements and are left out of both sides. Prints the table `scripts/dcmdump-compare.sh` shows (lines starting
/// "dcmdump-compare:").
final class DcmdumpScaleTests: XCTestCase {
    struct Row {
        var file: String
        var syntax: String
        var compared: Int
        var mismatches: [String]
        /// Differences where dcmdump shows DCMTK's reading rather than the bytes (`explanation`).
        var explained: [String]
    }

    func testEveryPydicomFileDcmdumpReadsMatches() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/dcmdump") else {
            throw XCTSkip("DCMTK dcmdump is not installed")
        }
        guard let root = PydicomTestFiles.root else { throw XCTSkip("pydicom is not installed") }
        var paths: [String] = []
        for folder in ["test_files", "charset_files"] {
            let directory = "\(root)/data/\(folder)"
            let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
            paths += names.sorted().map { "\(directory)/\($0)" }
        }
        var rows: [Row] = []
        var rng = SplitMix64(seed: 2026)
        for path in paths {
            guard let file = Part10File(path: path),
                  let syntax = DataSetEncoding(transferSyntaxUID: file.transferSyntaxUID),
                  let dump = PydicomTestFiles.runData("/usr/bin/dcmdump", ["-q", "+L", "-Un", path]) else { continue }
            rows.append(Self.compare(path, file, syntax, dump: dump, &rng))
        }
        let compared = rows.reduce(0) { $0 + $1.compared }
        let mismatches = rows.reduce(0) { $0 + $1.mismatches.count }
        let explained = rows.reduce(0) { $0 + $1.explained.count }
        print("dcmdump-compare: \("file".padding(toLength: 34, withPad: " ", startingAt: 0)) "
              + "\("transfer syntax".padding(toLength: 22, withPad: " ", startingAt: 0)) elements  mismatches  explained")
        for row in rows {
            print("dcmdump-compare: \(row.file.padding(toLength: 34, withPad: " ", startingAt: 0)) "
                  + "\(row.syntax.padding(toLength: 22, withPad: " ", startingAt: 0)) "
                  + "\(String(row.compared).leftPadded(8))  \(String(row.mismatches.count).leftPadded(10))  "
                  + "\(String(row.explained.count).leftPadded(9))")
            for line in (row.mismatches + row.explained).prefix(5) { print("dcmdump-compare:     \(line)") }
        }
        print("dcmdump-compare: total \(rows.count) files, \(compared) elements compared, \(mismatches) mismatches, "
              + "\(explained) explained differences")
        XCTAssertGreaterThanOrEqual(rows.count, 50)
        XCTAssertEqual(mismatches, 0, rows.filter { !$0.mismatches.isEmpty }.map(\.file).joined(separator: ", "))
        let syntaxes = Set(rows.map(\.syntax))
        for needed in ["1.2.840.10008.1.2", "1.2.840.10008.1.2.1", "1.2.840.10008.1.2.2", "1.2.840.10008.1.2.1.99",
                       "1.2.840.10008.1.2.5", "1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.4.80"] {
            XCTAssertTrue(syntaxes.contains(needed), "no file in \(needed)")
        }
    }

    static func compare(_ path: String, _ file: Part10File, _ syntax: DataSetEncoding, dump: Data,
                        _ rng: inout SplitMix64) -> Row {
        let name = URL(fileURLWithPath: path).lastPathComponent
        var reader = DataSetReader(transferSyntax: syntax, limits: .wholeDataSet)
        var index = 0
        while index < file.dataSet.count {
            let size = Int.random(in: 1...4096, using: &rng)
            reader.append(Array(file.dataSet[index..<min(index + size, file.dataSet.count)]))
            index += size
        }
        reader.finish()
        var mismatches: [String] = []
        var explained: [String] = []
        if case .failed(let error) = reader.state { mismatches.append("reader failed: \(error)") }
        let expected = DcmdumpLine.dataSetLines(of: String(data: dump, encoding: .isoLatin1) ?? "")
        let actual = reader.elements.filter { $0.kind == .element }.map(DcmdumpComparisonTests.line)
        if actual.count != expected.count {
            mismatches.append("\(actual.count) elements read, dcmdump lists \(expected.count)")
        }
        for (mine, theirs) in zip(actual, expected) {
            var same = mine.tag == theirs.tag && mine.depth == theirs.depth
                && (mine.vr == theirs.vr || (mine.vr == "UN" && theirs.vr == "??"))
                && mine.length == theirs.length
            // dcmdump breaks lines inside a value (an XML UT): such values are compared by length only.
            if !mine.value.isEmpty, !mine.value.contains(where: \.isNewline), !theirs.value.contains(where: \.isNewline) {
                same = same && mine.value == theirs.value
            }
            guard !same else { continue }
            if let reason = explanation(mine, theirs) {
                explained.append("\(reason): \(mine.tag)")
            } else {
                mismatches.append("mine \(mine) | dcmdump \(theirs)")
            }
        }
        return Row(file: name, syntax: file.transferSyntaxUID, compared: min(actual.count, expected.count),
                   mismatches: mismatches, explained: explained)
    }

    /// Where dcmdump shows what DCMTK made of the bytes rather than the bytes, and the reader shows the bytes:
    /// the difference named, or nil for a real mismatch. Everything else about the element must still agree.
    static func explanation(_ mine: DcmdumpLine, _ theirs: DcmdumpLine) -> String? {
        guard mine.tag == theirs.tag, mine.depth == theirs.depth else { return nil }
        // PS3.5 A.4: encapsulated Pixel Data is OB; DCMTK shows a pixel sequence as OB whatever VR the file has.
        if mine.tag == "(7fe0,0010)", mine.vr == "OW", theirs.vr == "OB", mine.length == nil, theirs.length == nil {
            return "pixel sequence sent as OW, dcmdump shows OB"
        }
        // PS3.5 §6.2.2: UN of undefined length holds a sequence in Implicit VR LE; DCMTK shows it as SQ.
        if mine.vr == "UN", theirs.vr == "SQ", mine.length == nil, theirs.length == nil {
            return "UN of undefined length, dcmdump shows SQ"
        }
        // DCMTK reads an odd Value Length as one byte more; the reader keeps the length sent (and its finding).
        if let length = mine.length, length % 2 == 1, theirs.length == length + 1,
           mine.vr == theirs.vr || (mine.vr == "UN" && theirs.vr == "??") {
            return "odd length \(length), dcmdump reads \(length + 1)"
        }
        return nil
    }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
