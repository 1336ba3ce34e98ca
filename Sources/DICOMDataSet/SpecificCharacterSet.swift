import Foundation

/// Specific Character Set (0008,0005) and the decoding of SH, LO, UC, ST, LT, UT and PN values in it (PS3.5 §6.1,
/// PS3.3 C.12.1.1.2).
///
/// Decoded without code extensions (PS3.3 Table C.12-2): the default repertoire (ISO_IR 6), ISO_IR 100, 101, 109,
/// 110, 144, 127, 126, 138, 148, 203 (ISO 8859 parts 1–4, 5, 6, 7, 8, 9, 15), ISO_IR 166 (TIS 620), ISO_IR 13
/// (JIS X 0201), ISO_IR 192 (UTF-8), GB18030 and GBK. With code extensions (PS3.3 Tables C.12-3 and C.12-4; PS3.5
/// §6.1.2.5): ISO 2022 IR 6 and each of those single-byte sets in G1, IR 13, IR 87 (JIS X 0208), IR 159
/// (JIS X 0212), IR 149 (KS X 1001) and IR 58 (GB 2312). Anything else, and bytes not valid in the declared set,
/// is a `CharacterSetDecodingError`.
public struct SpecificCharacterSet: Sendable, Equatable {
    /// The defined terms, value 1 first (it may be empty: the default repertoire).
    public var terms: [String]

    public init(terms: [String]) {
        self.terms = terms.map { $0.trimmingCharacters(in: .whitespaces) }
    }

    /// From the element's value bytes ("ISO_IR 100", "\ISO 2022 IR 87").
    public init(value: [UInt8]) {
        let text = String(decoding: value.filter { $0 != 0 }, as: UTF8.self)
        self.init(terms: text.split(separator: "\\", omittingEmptySubsequences: false).map(String.init))
    }

    public static let `default` = SpecificCharacterSet(terms: [])

    /// True when a term names a code extension (PS3.5 §6.1.2.5.3): escape sequences switch sets within a value.
    public var usesCodeExtensions: Bool { terms.contains { $0.hasPrefix("ISO 2022") } }

    /// The value 1 term, "ISO_IR 6" when empty.
    public var name: String {
        let shown = terms.filter { !$0.isEmpty }
        return shown.isEmpty ? "ISO_IR 6" : terms.map { $0.isEmpty ? "ISO_IR 6" : $0 }.joined(separator: "\\")
    }

    /// Decodes a value of a text VR; `isPersonName` resets code extensions at the PN delimiters "^" and "="
    /// (PS3.5 §6.1.2.5.3).
    public func decode(_ bytes: [UInt8], isPersonName: Bool = false) -> Result<String, CharacterSetDecodingError> {
        if usesCodeExtensions {
            var decoder = ISO2022Decoder(characterSet: self, isPersonName: isPersonName)
            return decoder.decode(bytes)
        }
        let term = terms.first ?? ""
        switch term {
        case "", "ISO_IR 6":
            guard bytes.allSatisfy({ $0 < 0x80 }) else {
                return .failure(CharacterSetDecodingError(.invalidBytes("ISO_IR 6 (the default repertoire)")))
            }
            return .success(String(decoding: bytes, as: UTF8.self))
        case "ISO_IR 192":
            guard let text = String(validating: bytes, as: UTF8.self) else {
                return .failure(CharacterSetDecodingError(.invalidBytes(term)))
            }
            return .success(text)
        case "ISO_IR 13":
            return ISO2022Decoder.jisX0201(bytes).map { .success($0) }
                ?? .failure(CharacterSetDecodingError(.invalidBytes(term)))
        default:
            guard let iconvName = Self.iconvNames[term] else {
                return .failure(CharacterSetDecodingError(.notDecoded(term)))
            }
            // Every set here has ASCII in its lower half (PS3.5 §6.1.2.2): plain ASCII needs no conversion.
            if bytes.allSatisfy({ $0 < 0x80 }) { return .success(String(decoding: bytes, as: UTF8.self)) }
            guard let text = Iconv.decode(bytes, from: iconvName) else {
                return .failure(CharacterSetDecodingError(.invalidBytes(term)))
            }
            return .success(text)
        }
    }

    /// The defined terms without code extensions decoded through iconv, and the iconv name of each (PS3.3
    /// Table C.12-2).
    static let iconvNames: [String: String] = [
        "ISO_IR 100": "ISO-8859-1", "ISO_IR 101": "ISO-8859-2", "ISO_IR 109": "ISO-8859-3",
        "ISO_IR 110": "ISO-8859-4", "ISO_IR 144": "ISO-8859-5", "ISO_IR 127": "ISO-8859-6",
        "ISO_IR 126": "ISO-8859-7", "ISO_IR 138": "ISO-8859-8", "ISO_IR 148": "ISO-8859-9",
        "ISO_IR 203": "ISO-8859-15", "ISO_IR 166": "TIS-620", "GB18030": "GB18030", "GBK": "GBK",
    ]
}
