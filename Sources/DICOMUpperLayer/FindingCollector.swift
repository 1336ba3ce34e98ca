/// Accumulates `ConformanceFinding`s while decoding, and checks the text fields that produce most of them.
///
/// At most `perCodeLimit` findings of one code are kept, so a hostile 1 MiB request made of thousands of tiny
/// odd items cannot turn into a list of findings many times its own size; the rest are counted in one summary.
struct FindingCollector {
    static let perCodeLimit = 16
    private(set) var kept: [ConformanceFinding] = []
    private var counts: [ConformanceFinding.Code: Int] = [:]

    mutating func add(_ code: ConformanceFinding.Code, _ message: @autoclosure () -> String) {
        let count = counts[code, default: 0] + 1
        counts[code] = count
        if count <= Self.perCodeLimit { kept.append(ConformanceFinding(code, message())) }
    }

    /// Kept findings, then one line per code whose further findings were suppressed.
    var findings: [ConformanceFinding] {
        var out = kept
        for code in ConformanceFinding.Code.allCases {
            if let count = counts[code], count > Self.perCodeLimit {
                out.append(ConformanceFinding(code, "… and \(count - Self.perCodeLimit) more of the same"))
            }
        }
        return out
    }

    /// Tolerant UID read: strips trailing NUL/space padding (pynetdicom#240, dicom-rs#157) and reports it,
    /// reports length over 64 and bad syntax (PS3.5 §9.1), and returns the stripped value.
    mutating func uid(_ raw: [UInt8], field: @autoclosure () -> String, offset: Int) -> String {
        let (value, padded) = WireText.strippingTrailingPadding(raw)
        let text = WireText.string(latin1: value)
        if padded {
            add(.uidPadded, "\(field()) \"\(text)\" at offset \(offset) is padded with NUL/space on the wire")
        }
        if value.count > 64 {
            add(.uidTooLong, "\(field()) at offset \(offset) has \(value.count) characters; at most 64 allowed")
        }
        if !WireText.hasValidUIDSyntax(value) {
            add(.uidInvalid, "\(field()) \"\(text)\" at offset \(offset) is not a valid UID (digits and dots, no leading zeros)")
        }
        return text
    }

    /// AE title field checks (PS3.8 Table 9-11).
    mutating func aeTitle(_ field: [UInt8], name: String, offset: Int) {
        let trimmed = WireText.trimmedAETitle(field)
        if trimmed.isEmpty {
            add(.aeTitleBlank, "\(name) at offset \(offset) is blank")
            return
        }
        var end = field.count
        while end > 0, field[end - 1] == 0x00 || field[end - 1] == 0x20 { end -= 1 }
        var start = 0
        while start < end, field[start] == 0x20 { start += 1 }
        if field[end...].contains(0x00) {
            add(.aeTitleNULPadded, "\(name) \"\(trimmed)\" is padded with NUL instead of spaces")
        }
        if start > 0 {
            add(.aeTitleLeadingSpaces, "\(name) \"\(trimmed)\" has leading spaces")
        }
        if !field[start..<end].allSatisfy(WireText.isValidAEByte) {
            add(.aeTitleInvalidCharacters, "\(name) \"\(trimmed)\" has control, backslash or non-ASCII characters")
        }
    }
}
