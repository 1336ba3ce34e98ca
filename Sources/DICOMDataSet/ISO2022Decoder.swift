/// Decoding with code extensions (PS3.5 §6.1.2.5; PS3.3 Tables C.12-3 and C.12-4 for the escape sequences; PS3.5
/// Annex H–J examples): escape sequences designate a set into G0 (bytes 0x21–0x7E) or G1 (bytes 0xA1–0xFE); each run
/// of bytes is decoded in its set. The designations return to the initial ones (those of value 1) after CR, LF, FF,
/// TAB, the value separator "\" and, in person names, "^" and "=".
struct ISO2022Decoder {
    enum Set: Equatable {
        case ascii, jisX0201Romaji, jisX0201Katakana, jisX0208, jisX0212, ksX1001, gb2312
        /// A 96-character set in G1 (ISO 8859 parts, TIS 620): the upper half of the iconv encoding named.
        case upperHalf(String)
    }

    /// Escape sequences (bytes after ESC), the set they designate, the G register, and the defined term.
    static let escapes: [(bytes: [UInt8], set: Set, g1: Bool, term: String)] = [
        ([0x28, 0x42], .ascii, false, "ISO 2022 IR 6"),
        ([0x28, 0x4A], .jisX0201Romaji, false, "ISO 2022 IR 13"),
        ([0x29, 0x49], .jisX0201Katakana, true, "ISO 2022 IR 13"),
        ([0x24, 0x42], .jisX0208, false, "ISO 2022 IR 87"),
        ([0x24, 0x28, 0x44], .jisX0212, false, "ISO 2022 IR 159"),
        ([0x24, 0x29, 0x43], .ksX1001, true, "ISO 2022 IR 149"),
        ([0x24, 0x29, 0x41], .gb2312, true, "ISO 2022 IR 58"),
        ([0x2D, 0x41], .upperHalf("ISO-8859-1"), true, "ISO 2022 IR 100"),
        ([0x2D, 0x42], .upperHalf("ISO-8859-2"), true, "ISO 2022 IR 101"),
        ([0x2D, 0x43], .upperHalf("ISO-8859-3"), true, "ISO 2022 IR 109"),
        ([0x2D, 0x44], .upperHalf("ISO-8859-4"), true, "ISO 2022 IR 110"),
        ([0x2D, 0x4C], .upperHalf("ISO-8859-5"), true, "ISO 2022 IR 144"),
        ([0x2D, 0x47], .upperHalf("ISO-8859-6"), true, "ISO 2022 IR 127"),
        ([0x2D, 0x46], .upperHalf("ISO-8859-7"), true, "ISO 2022 IR 126"),
        ([0x2D, 0x48], .upperHalf("ISO-8859-8"), true, "ISO 2022 IR 138"),
        ([0x2D, 0x4D], .upperHalf("ISO-8859-9"), true, "ISO 2022 IR 148"),
        ([0x2D, 0x62], .upperHalf("ISO-8859-15"), true, "ISO 2022 IR 203"),
        ([0x2D, 0x54], .upperHalf("TIS-620"), true, "ISO 2022 IR 166"),
    ]

    let declared: Swift.Set<String>
    let initialG0: Set
    let initialG1: Set?
    let isPersonName: Bool
    var g0: Set
    var g1: Set?

    init(characterSet: SpecificCharacterSet, isPersonName: Bool) {
        var declared = Swift.Set(characterSet.terms.map { $0.isEmpty ? "ISO 2022 IR 6" : $0 })
        declared.insert("ISO 2022 IR 6")
        self.declared = declared
        // Value 1 gives the initial designations (PS3.5 §6.1.2.5.3): its G1 set, and G0 ASCII (JIS X 0201 Roman
        // for IR 13). A multi-byte G0 set (IR 87, IR 159) is never initial: value 1 is then empty (IR 6).
        let first = characterSet.terms.first ?? ""
        if first == "ISO 2022 IR 13" {
            (initialG0, initialG1) = (.jisX0201Romaji, .jisX0201Katakana)
        } else if let escape = Self.escapes.first(where: { $0.term == first && $0.g1 }) {
            (initialG0, initialG1) = (.ascii, escape.set)
        } else {
            (initialG0, initialG1) = (.ascii, nil)
        }
        self.isPersonName = isPersonName
        g0 = initialG0
        g1 = initialG1
    }

    mutating func decode(_ bytes: [UInt8]) -> Result<String, CharacterSetDecodingError> {
        var out = ""
        var run: [UInt8] = []
        var index = 0
        func flush(_ run: inout [UInt8], _ decoder: ISO2022Decoder) -> CharacterSetDecodingError? {
            defer { run.removeAll() }
            guard !run.isEmpty else { return nil }
            switch decoder.decodeRun(run) {
            case .success(let text): out += text; return nil
            case .failure(let error): return error
            }
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x1B {
                if let error = flush(&run, self) { return .failure(error) }
                guard let escape = Self.escapes.first(where: { Array(bytes[(index + 1)...].prefix($0.bytes.count))
                                                                == $0.bytes }) else {
                    let shown = bytes[index...].prefix(4).map { String($0, radix: 16, uppercase: true) }
                    return .failure(CharacterSetDecodingError(.undeclaredEscape(shown.joined(separator: " "))))
                }
                guard declared.contains(escape.term) || escape.set == .ascii else {
                    return .failure(CharacterSetDecodingError(.undeclaredEscape(escape.term)))
                }
                if escape.g1 { g1 = escape.set } else { g0 = escape.set }
                index += 1 + escape.bytes.count
                continue
            }
            let singleByteG0 = g0 != .jisX0208 && g0 != .jisX0212
            let delimiters: [UInt8] = isPersonName ? [0x0D, 0x0A, 0x0C, 0x09, 0x5C, 0x5E, 0x3D]
                                                   : [0x0D, 0x0A, 0x0C, 0x09, 0x5C]
            if singleByteG0 || byte < 0x21, delimiters.contains(byte) {
                if let error = flush(&run, self) { return .failure(error) }
                out.unicodeScalars.append(Unicode.Scalar(byte))
                g0 = initialG0
                g1 = initialG1
                index += 1
                continue
            }
            run.append(byte)
            index += 1
        }
        if let error = flush(&run, self) { return .failure(error) }
        return .success(out)
    }

    /// One run of bytes under the current designations: G0 bytes (< 0x80) and G1 bytes (≥ 0x80) in turn.
    func decodeRun(_ run: [UInt8]) -> Result<String, CharacterSetDecodingError> {
        var out = ""
        var start = 0
        while start < run.count {
            let high = run[start] >= 0x80
            var end = start
            while end < run.count, (run[end] >= 0x80) == high { end += 1 }
            let part = Array(run[start..<end])
            guard let set = high ? g1 : g0 else {
                return .failure(CharacterSetDecodingError(.invalidBytes("\(Self.term(of: g0)) (no G1 set)")))
            }
            guard let text = Self.decode(part, in: set) else {
                return .failure(CharacterSetDecodingError(.invalidBytes(Self.term(of: set))))
            }
            out += text
            start = end
        }
        return .success(out)
    }

    static func term(of set: Set) -> String {
        escapes.first { $0.set == set }?.term ?? "ISO 2022 IR 6"
    }

    static func decode(_ bytes: [UInt8], in set: Set) -> String? {
        switch set {
        case .ascii:
            return bytes.allSatisfy { $0 < 0x80 } ? String(decoding: bytes, as: UTF8.self) : nil
        case .jisX0201Romaji, .jisX0201Katakana:
            return jisX0201(bytes)
        case .jisX0208:
            // JIS X 0208 in G0 is EUC-JP's two-byte code with the high bits cleared.
            guard bytes.count % 2 == 0 else { return nil }
            return Iconv.decode(bytes.map { $0 | 0x80 }, from: "EUC-JP")
        case .jisX0212:
            // JIS X 0212 in G0 is EUC-JP's three-byte code (SS3 0x8F, then two bytes with the high bits set).
            guard bytes.count % 2 == 0 else { return nil }
            var euc: [UInt8] = []
            var index = 0
            while index + 1 < bytes.count {
                euc += [0x8F, bytes[index] | 0x80, bytes[index + 1] | 0x80]
                index += 2
            }
            return Iconv.decode(euc, from: "EUC-JP")
        case .ksX1001:
            // KS X 1001 in G1 is EUC-KR's upper half.
            return Iconv.decode(bytes, from: "EUC-KR")
        case .gb2312:
            // GB 2312 in G1 is EUC-CN's upper half.
            return Iconv.decode(bytes, from: "GB2312")
        case .upperHalf(let name):
            return Iconv.decode(bytes, from: name)
        }
    }

    /// JIS X 0201 (ISO_IR 13): Roman set in 0x00–0x7F (ASCII but OVERLINE at 0x7E; 0x5C stays the DICOM value
    /// delimiter "\\" rather than YEN SIGN), half-width katakana at 0xA1–0xDF (U+FF61–U+FF9F).
    static func jisX0201(_ bytes: [UInt8]) -> String? {
        var scalars = String.UnicodeScalarView()
        for byte in bytes {
            switch byte {
            case 0x7E: scalars.append("\u{203E}")
            case 0x00...0x7F: scalars.append(Unicode.Scalar(byte))
            case 0xA1...0xDF:
                guard let scalar = Unicode.Scalar(0xFF61 + UInt32(byte - 0xA1)) else { return nil }
                scalars.append(scalar)
            default: return nil
            }
        }
        return String(scalars)
    }
}
