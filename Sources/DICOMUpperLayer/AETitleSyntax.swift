/// The AE value representation (PS3.5 §6.2, Table 6.2-1): at most 16 characters of the Default Character
/// Repertoire, without the backslash (5CH) and without control characters; leading and trailing spaces are not
/// significant, and a value of spaces only is not allowed.
///
/// For AE titles an operator types (our own title, rules-file patterns): the codec itself stays tolerant of what
/// peers send and reports it as a finding instead.
public enum AETitleSyntax {
    /// The most characters an AE title holds (PS3.5 Table 6.2-1; the 16-byte fields of PS3.8 Table 9-11).
    public static let maximumLength = 16

    /// Why `title` is not a valid AE title, in words, or `nil` when it is. Leading and trailing spaces are
    /// ignored, as PS3.8 Table 9-11 compares titles.
    public static func problem(_ title: String) -> String? {
        if let bad = title.unicodeScalars.first(where: { $0.value > 0x7F || !WireText.isValidAEByte(UInt8($0.value)) }) {
            let shown = bad.value < 0x20 || bad.value == 0x7F ? "control character" : "character \"\(bad)\""
            return "has a \(shown) (U+\(String(bad.value, radix: 16, uppercase: true))); only ASCII letters, "
                + "digits, spaces and punctuation other than the backslash are allowed"
        }
        let trimmed = WireText.trimmed(title)
        if trimmed.isEmpty { return "is empty (or only spaces)" }
        if trimmed.unicodeScalars.count > maximumLength {
            return "is \(trimmed.unicodeScalars.count) characters long; at most \(maximumLength) are allowed"
        }
        return nil
    }
}
