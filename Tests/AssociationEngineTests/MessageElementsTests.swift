import AssociationEngine
import AssociationEvents
import Foundation
import TestSupport
import Testing

/// A received message's `elements` list its command set and its data set as read from the stream: DCMTK's own
/// dump of the file sent is the reference, element by element.
@Suite(.timeLimit(.minutes(2)))
struct MessageElementsTests {
    /// One line of `dcmdump +L -Un`: "  (0010,0020) LO [ABCD1234]   #   8, 1 PatientID", indented two spaces a level.
    struct DumpLine: Equatable, CustomStringConvertible {
        var depth: Int
        var tag: String
        var vr: String
        var length: String
        /// The bracketed text, a number or hexadecimal list as printed, or nil for "(no value available)",
        /// sequences and items.
        var value: String?
        var description: String { "\(String(repeating: "  ", count: depth))\(tag) \(vr) \(length) \(value ?? "-")" }

        init?(_ line: Substring) {
            let indent = line.prefix { $0 == " " }.count
            let rest = line.dropFirst(indent)
            guard rest.hasPrefix("("), rest.count > 15, let hash = rest.range(of: " #", options: .backwards)
            else { return nil }
            depth = indent / 2
            tag = String(rest.prefix(11)).uppercased()
            vr = String(rest.dropFirst(12).prefix(2))
            let field = rest[rest.index(rest.startIndex, offsetBy: 15)..<hash.lowerBound]
                .trimmingCharacters(in: .whitespaces)
            length = String(rest[hash.upperBound...].prefix { $0 != "," }).trimmingCharacters(in: .whitespaces)
            if field.hasPrefix("[") && field.hasSuffix("]") {
                value = String(field.dropFirst().dropLast())
            } else {
                value = field.hasPrefix("(") ? nil : field
            }
        }

        init(_ element: MessageElement) {
            depth = element.depth
            tag = element.tag
            vr = element.vr ?? "na"
            length = element.length.map(String.init) ?? "u/l"
            value = element.value?.isEmpty == true ? nil : element.value
        }
    }

    /// DCMTK storescu sends pydicom's CT_small.dcm (with a sequence of two items, private elements, SL, SS, UL
    /// and DS values): every data set element up to Pixel Data is the one `dcmdump +L` prints, with the same tag,
    /// VR, length and value (the first 64 characters of a longer one), and the command set comes first.
    @Test func storescuOfACTListsWhatDcmdumpPrints() async throws {
        let file = try await DataSetSummaryTests.pydicomFile("CT_small.dcm")
        let dump = try await Subprocess.run("/usr/bin/dcmdump", ["+L", "-Un", file])
        try #require(dump.status == 0, "\(dump.stderr)")
        // The file's meta header is not sent; items' "for re-encoding" delimiters are dcmdump's, not in the file.
        let reference = dump.stdout.split(separator: "\n").filter { !$0.contains("re-encod") }
            .compactMap(DumpLine.init).filter { !$0.tag.hasPrefix("(0002,") }
        try #require(reference.count > 100)

        let request = try await DataSetSummaryTests.storedRequest(file)
        let elements = try #require(request.elements)
        let command = elements.prefix { $0.part == .command }
        #expect(command.first?.tag == "(0000,0000)")
        #expect(command.first { $0.keyword == "CommandField" }?.value == "1")
        #expect(command.first { $0.keyword == "AffectedSOPInstanceUID" }?.value == request.affectedSOPInstanceUID)
        let dataSet = elements.dropFirst(command.count).map(DumpLine.init)
        let pixelData = try #require(reference.firstIndex { $0.tag == "(7FE0,0010)" })
        #expect(dataSet.count == pixelData + 1, "the reader stops at Pixel Data and lists it")
        for (ours, theirs) in zip(dataSet, reference.prefix(pixelData + 1)) {
            #expect(ours.tag == theirs.tag && ours.vr == theirs.vr && ours.length == theirs.length
                    && ours.depth == theirs.depth, "\(ours) ≠ \(theirs)")
            guard ours.tag != "(7FE0,0010)" else {
                #expect(ours.value == nil, "Pixel Data is not read")
                continue
            }
            #expect(Self.same(ours.value, theirs.value, vr: ours.vr), "\(ours) ≠ \(theirs)")
        }
        #expect(request.elementsNotListed == nil)
    }

    /// pydicom's chrSQEncoding.dcm: UTF-8 at the top level, ISO 2022 IR 13/87 declared inside the sequence item
    /// (given the SOP Class and Instance UIDs of its meta header, which storescu needs in the data set). storescu
    /// sends it; the item's Patient's Name is listed decoded in the item's character set.
    @Test func aSequenceItemIsDecodedInItsOwnCharacterSet() async throws {
        let source = try await DataSetSummaryTests.pydicomFile("chrSQEncoding.dcm", charset: true)
        let file = NSTemporaryDirectory() + "assocmon-chrSQEncoding-\(UUID().uuidString).dcm"
        defer { try? FileManager.default.removeItem(atPath: file) }
        let written = try await Subprocess.run("/usr/bin/env", ["python3", "-c", """
            import sys
            from pydicom import dcmread
            ds = dcmread(sys.argv[1])
            ds.SOPClassUID = ds.file_meta.MediaStorageSOPClassUID
            ds.SOPInstanceUID = ds.file_meta.MediaStorageSOPInstanceUID
            ds.save_as(sys.argv[2], enforce_file_format=True)
            """, source, file])
        try #require(written.status == 0, "\(written.stderr)")
        let request = try await DataSetSummaryTests.storedRequest(file)
        let elements = try #require(request.elements)
        let name = try #require(elements.first { $0.part == .dataSet && $0.keyword == "PatientName" && $0.depth > 0 })
        #expect(name.value == "ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう")
        #expect((request.findings ?? []).allSatisfy { $0.code != "data-set-value-not-decoded" })
    }

    /// Without `listsMessageElements` (headless without `--events-data-sets`) nothing is listed.
    @Test func elementsAreLeftOutWhenNotWanted() async throws {
        try await withEngine(configure: { $0.policy = .accept; $0.listsMessageElements = false }) { harness in
            let outcome = try await Subprocess.run("/usr/bin/echoscu", ["127.0.0.1", "\(harness.port)"])
            #expect(outcome.status == 0, "\(outcome.stderr)")
            let event = await harness.waitFor { $0.dimseMessage?.command == "C-ECHO-RQ" }
            let request = try #require(event?.dimseMessage)
            #expect(request.elements == nil)
        }
    }

    /// Equal text; floating-point numbers equal to dcmdump's printing precision; a value cut at 64 characters
    /// ("…") equal to the start of dcmdump's.
    static func same(_ ours: String?, _ theirs: String?, vr: String) -> Bool {
        guard let ours, let theirs else { return ours == theirs }
        if ours.hasSuffix("…") { return theirs.hasPrefix(ours.dropLast()) }
        guard vr == "FL" || vr == "FD" else { return ours == theirs }
        let a = ours.split(separator: "\\").compactMap { Double($0) }
        let b = theirs.split(separator: "\\").compactMap { Double($0) }
        return a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= 1e-5 * max(1, abs($1)) }
    }
}
