import DICOMDataSet
import Foundation
import XCTest

/// Every Specific Character Set term PS3.3 Tables C.12-2 to C.12-4 define, compared with pydicom's own decoding
/// (`pydicom.charset.decode_bytes`, run in python3): single-byte sets with and without code extensions, GB18030,
/// GBK, and the ISO 2022 multi-byte sets; every text element of pydicom's charset files, sequence items with their
/// own Specific Character Set included.
final class CharacterSetCoverageTests: XCTestCase {
    /// Values in each set (terms, bytes in hexadecimal), among them PS3.5 Annex H–K examples.
    static let values: [([String], String)] = [
        (["ISO_IR 100"], "4275635e4ae972f46d65"),
        (["ISO_IR 101"], "44766ff8e16b5e416e746f6eed6e"),
        (["ISO_IR 109"], "d575bf657070695ea161626962"),
        (["ISO_IR 110"], "a661f1615eab69727473"),
        (["ISO_IR 144"], "bbeeda6365dcd17970d3"),
        (["ISO_IR 127"], "e2c8c7e6ea5ee4e6d2c7d1"),
        (["ISO_IR 126"], "c4e9efedf5f3e9eff2"),
        (["ISO_IR 138"], "f9f8e5ef5ee3e1e5f8e4"),
        (["ISO_IR 148"], "c761f06c61725edefc6b72fc"),
        (["ISO_IR 203"], "bc757672655ea6e1726b61"),
        (["ISO_IR 166"], "cac1aad2c25ee3a8b4d5"),
        (["ISO_IR 13"], "d4cfc0de5ec0dbb3"),
        (["ISO_IR 192"], "57616e675e5869616f446f6e673de78e8b5ee5b08fe4b89c"),
        (["GB18030"], "57616e675e5869616f446f6e673dcdf55ed0a1b6ab"),
        (["GBK"], "cdf55ed0a1b6ab"),
        (["", "ISO 2022 IR 87"], "1b284259616d6164615e5461726f753d1b24423b3345441b28425e1b244242404f3a1b28423d1b2442"
            + "2464245e24401b28425e1b2442243f246d24261b2842"),
        (["ISO 2022 IR 13", "ISO 2022 IR 87"], "1b2949d4cfc0de1b284a5e1b2949c0dbb31b284a3d1b24423b3345441b284a5e1b2442"
            + "42404f3a1b284a"),
        (["", "ISO 2022 IR 159"], "1b2842416e615e1b24284430211b2842"),
        (["", "ISO 2022 IR 87", "ISO 2022 IR 159"], "1b24423b3345441b28425e1b24284430211b2842"),
        (["", "ISO 2022 IR 149"], "486f6e675e47696c646f6e673d1b242943fbf35e1b242943d1ced4d73d1b242943c8ab5e1b242943"
            + "b1e6b5bf"),
        (["ISO 2022 IR 100"], "4275635e4ae972f46d65"),
        (["ISO 2022 IR 101"], "44766ff8e16b5e416e746f6eed6e"),
        (["ISO 2022 IR 109"], "d575bf65707069"),
        (["ISO 2022 IR 110"], "a661f161"),
        (["ISO 2022 IR 144"], "bbeeda6365dcd17970d3"),
        (["ISO 2022 IR 127"], "e2c8c7e6ea"),
        (["ISO 2022 IR 126"], "c4e9efedf5f3e9eff2"),
        (["ISO 2022 IR 138"], "f9f8e5ef"),
        (["ISO 2022 IR 148"], "c761f06c6172"),
        (["ISO 2022 IR 203"], "bc75767265"),
        (["ISO 2022 IR 166"], "cac1aad2c2"),
        (["ISO 2022 IR 100", "ISO 2022 IR 144"], "1b2d414ae972f46d655e1b2d4cbbeeda6365dcd17970d3"),
        (["ISO 2022 IR 6", "ISO 2022 IR 126", "ISO 2022 IR 87"], "1b2d46c4e9efed5e1b24423b3345441b2842"),
    ]

    /// pydicom's decoding of each value (person name delimiters "^" and "=" reset code extensions). pydicom 3.0
    /// has no ISO 8859-15 entry: the script adds PS3.3's mapping of ISO_IR 203 to its codec table.
    func testEverySetMatchesPydicom() throws {
        let input = Self.values.map { ["terms": $0.0, "hex": $0.1] }
        let json = String(decoding: try JSONSerialization.data(withJSONObject: input), as: UTF8.self)
        let output = try XCTUnwrap(PydicomTestFiles.run("/usr/bin/env", ["python3", "-c", """
            import json, sys, warnings
            warnings.simplefilter("ignore")
            import pydicom.charset as cs
            cs.python_encoding.setdefault("ISO_IR 203", "iso8859_15")
            cs.python_encoding.setdefault("ISO 2022 IR 203", "iso8859_15")
            out = [cs.decode_bytes(bytes.fromhex(c["hex"]), cs.convert_encodings(c["terms"]), {0x5E, 0x3D})
                   for c in json.loads(sys.argv[1])]
            sys.stdout.write(json.dumps(out))
            """, json]), "python3 with pydicom")
        let expected = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String])
        XCTAssertEqual(expected.count, Self.values.count)
        for ((terms, hex), theirs) in zip(Self.values, expected) {
            let decoded = SpecificCharacterSet(terms: terms).decode(Self.bytes(hex), isPersonName: true)
            XCTAssertEqual(try decoded.get(), theirs, "\(terms)")
        }
    }

    /// PS3.5 K.2, the ISO 2022 IR 58 example: "Zhang^XiaoDong=张^小东=" (pydicom 3.0 leaves the G1 escape
    /// sequence in its text, so the standard's own rendering is the reference here).
    func testSimplifiedChineseExampleOfPS35AnnexK() {
        let bytes = Self.bytes("5a68616e675e5869616f446f6e673d1b242941d5c55e1b242941d0a1b6ab3d")
        XCTAssertEqual(SpecificCharacterSet(terms: ["", "ISO 2022 IR 58"]).decode(bytes, isPersonName: true),
                       .success("Zhang^XiaoDong=张^小东="))
    }

    /// Bytes that are not valid in the declared set are an error naming it, never replacement characters.
    func testBytesNotInTheSetAreErrors() {
        // 0xA5 is unassigned in ISO 8859-3; 0x81 alone starts a GB18030 sequence; 0xFF is no EUC-KR byte.
        XCTAssertEqual(SpecificCharacterSet(terms: ["ISO_IR 109"]).decode([0x41, 0xA5]),
                       .failure(CharacterSetDecodingError(.invalidBytes("ISO_IR 109"))))
        XCTAssertEqual(SpecificCharacterSet(terms: ["GB18030"]).decode([0x41, 0x81]),
                       .failure(CharacterSetDecodingError(.invalidBytes("GB18030"))))
        XCTAssertEqual(SpecificCharacterSet(terms: ["", "ISO 2022 IR 149"]).decode([0x1B, 0x24, 0x29, 0x43, 0xFF, 0xFF]),
                       .failure(CharacterSetDecodingError(.invalidBytes("ISO 2022 IR 149"))))
        // A G1 byte where value 1 designates no G1 set, and JIS X 0208 cut in the middle of a character.
        XCTAssertEqual(SpecificCharacterSet(terms: ["", "ISO 2022 IR 87"]).decode([0x41, 0xE9]),
                       .failure(CharacterSetDecodingError(.invalidBytes("ISO 2022 IR 6 (no G1 set)"))))
        XCTAssertEqual(SpecificCharacterSet(terms: ["", "ISO 2022 IR 87"]).decode([0x1B, 0x24, 0x42, 0x3B]),
                       .failure(CharacterSetDecodingError(.invalidBytes("ISO 2022 IR 87"))))
    }

    /// Every text element (SH, LO, UC, ST, LT, UT, PN) of every pydicom charset file, at every depth, in the
    /// character set of its data set or item, equals pydicom's value (values compared one by one, spaces trimmed;
/// private elements left out: pydicom reads some with VRs from its private dictionary, the reader as UN).
    func testEveryTextElementOfTheCharsetFilesMatchesPydicom() throws {
        guard let root = PydicomTestFiles.root else { throw XCTSkip("pydicom is not installed") }
        let directory = "\(root)/data/charset_files"
        let names = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".dcm") }
            .sorted()
        XCTAssertGreaterThanOrEqual(names.count, 17)
        var compared = 0
        for name in names {
            let path = "\(directory)/\(name)"
            let file = try XCTUnwrap(Part10File(path: path), name)
            var reader = DataSetReader(transferSyntax: try XCTUnwrap(DataSetEncoding(transferSyntaxUID:
                file.transferSyntaxUID)), limits: .wholeDataSet)
            reader.append(file.dataSet)
            reader.finish()
            let scopes = SpecificCharacterSet.scopes(of: reader.elements)
            var mine: [String] = []
            for (element, charset) in zip(reader.elements, scopes) {
                guard element.kind == .element, !element.tag.isPrivate, let vr = element.vr,
                      vr.usesSpecificCharacterSet else { continue }
                switch element.text(characterSet: charset) {
                case .success(let text): mine.append(Self.normalized(text))
                case .failure(let error): mine.append("error: \(error)")
                case nil: continue
                }
            }
            let output = try XCTUnwrap(PydicomTestFiles.run("/usr/bin/env", ["python3", "-c", """
                import json, sys, warnings
                warnings.simplefilter("ignore")
                import pydicom
                ds = pydicom.dcmread(sys.argv[1])
                out = []
                for e in ds.iterall():
                    if e.VR in ("SH", "LO", "UC", "ST", "LT", "UT", "PN") and not e.tag.is_private \\
                            and e.value is not None:
                        values = e.value if isinstance(e.value, pydicom.multival.MultiValue) else [e.value]
                        out.append("\\\\".join(str(v) for v in values))
                sys.stdout.write(json.dumps(out))
                """, path]), name)
            let theirs = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String], name)
                .map(Self.normalized)
            XCTAssertEqual(mine, theirs, name)
            compared += mine.count
        }
        XCTAssertGreaterThan(compared, 100)
    }

    /// chrSQEncoding: UTF-8 at the top, ISO 2022 IR 13/87 declared in the item; chrSQEncoding1: the reverse
    /// inheritance (declared at the top, none in the item). Both items' names are the Japanese example of
    /// PS3.5 H.3.
    func testItemsUseTheirOwnCharacterSetOrInheritTheirParents() throws {
        guard let root = PydicomTestFiles.root else { throw XCTSkip("pydicom is not installed") }
        for name in ["chrSQEncoding.dcm", "chrSQEncoding1.dcm"] {
            let file = try XCTUnwrap(Part10File(path: "\(root)/data/charset_files/\(name)"), name)
            var reader = DataSetReader(transferSyntax: .explicitVRLittleEndian, limits: .wholeDataSet)
            reader.append(file.dataSet)
            let scopes = SpecificCharacterSet.scopes(of: reader.elements)
            let index = try XCTUnwrap(reader.elements.firstIndex { $0.tag == .patientName && $0.depth == 1 }, name)
            XCTAssertEqual(scopes[index].terms, ["ISO 2022 IR 13", "ISO 2022 IR 87"], name)
            XCTAssertEqual(try reader.elements[index].text(characterSet: scopes[index])?.get(),
                           "ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう", name)
        }
    }

    /// Each value with its padding trimmed, and a person name without trailing empty component groups
    /// (PS3.5 §6.2: trailing "=" may be left out; pydicom leaves them out).
    static func normalized(_ text: String) -> String {
        text.split(separator: "\\", omittingEmptySubsequences: false)
            .map { value in
                var trimmed = value.trimmingCharacters(in: CharacterSet(charactersIn: " \0"))
                while trimmed.hasSuffix("=") { trimmed.removeLast() }
                return trimmed
            }
            .joined(separator: "\\")
    }

    static func bytes(_ hex: String) -> [UInt8] {
        var out: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex, let next = hex.index(index, offsetBy: 2, limitedBy: hex.endIndex) {
            out.append(UInt8(hex[index..<next], radix: 16) ?? 0)
            index = next
        }
        return out
    }
}
