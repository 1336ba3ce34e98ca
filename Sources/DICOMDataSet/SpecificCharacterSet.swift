import Foundation

/// Specific Character Set (0008,0005) and the decoding of SH, LO, UC, ST, LT, UT and PN values in it (PS3.5 §6.1,
/// PS3.3 C.12.1.1.2).
///
/// Decoded: the default repertoire (ISO_IR 6), ISO_IR 100 (Latin-1), ISO_IR 101 (Latin-2), ISO_IR 192 (UTF-8),
/// ISO_IR 13 (JIS X 0201), and with code extensions (PS3.5 §6.1.2.5) ISO 2022 IR 6, IR 100, IR 13, IR 87 (JIS X 0208,
/// Japanese), IR 149 (KS X 1001, Korean) and IR 58 (GB 2312). Anything else is a `CharacterSetDecodingError`.
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
        case "ISO_IR 100":
            return Self.decode(bytes, .isoLatin1, term: term)
        case "ISO_IR 101":
            return Self.decode(bytes, .isoLatin2, term: term)
        case "ISO_IR 192":
            return Self.decode(bytes, .utf8, term: term)
        case "ISO_IR 13":
            return ISO2022Decoder.jisX0201(bytes).map { .success($0) }
                ?? .failure(CharacterSetDecodingError(.invalidBytes(term)))
        default:
            return .failure(CharacterSetDecodingError(.notDecoded(term)))
        }
    }

    static func decode(_ bytes: [UInt8], _ encoding: String.Encoding,
                       term: String) -> Result<String, CharacterSetDecodingError> {
        guard let text = String(data: Data(bytes), encoding: encoding) else {
            return .failure(CharacterSetDecodingError(.invalidBytes(term)))
        }
        return .success(text)
    }
}
