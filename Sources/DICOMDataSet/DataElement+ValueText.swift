extension DataElement {
    /// Characters of a value's text kept for display; longer text ends in "…".
    public static let valueTextLimit = 64

    /// The value as a person reads it, at most `valueTextLimit` characters: text VRs decoded (SH, LO, UC, ST,
    /// LT, UT and PN in `characterSet`, PS3.5 §6.1.2.3), numbers of US, SS, UL, SL, SV, UV, FL, FD and AT
    /// (PS3.5 §6.2) "\"-separated as multiple values are, other binary values as hexadecimal (OW as 16-bit words,
    /// in the data set's byte order). Nil for sequences, items and values not kept (Pixel Data, long values).
    /// Bytes that do not decode yield the error's text, never a trap.
    public func valueText(characterSet: SpecificCharacterSet) -> String? {
        guard let vr, value != nil else { return nil }
        if vr.isString {
            switch text(characterSet: characterSet) {
            case .success(let text): return Self.capped(text)
            case .failure(let error): return Self.capped("not decoded: \(error)")
            case nil: return nil
            }
        }
        switch vr {
        case .US, .SS: return numbers(width: 2) { vr == .US ? String($0) : String(Int16(truncatingIfNeeded: $0)) }
        case .UL, .SL:
            return numbers(width: 4) { vr == .UL ? String($0) : String(Int32(truncatingIfNeeded: $0)) }
        case .UV, .SV:
            return numbers(width: 8) { vr == .UV ? String($0) : String(Int64(bitPattern: $0)) }
        case .FL: return numbers(width: 4) { "\(Float(bitPattern: UInt32(truncatingIfNeeded: $0)))" }
        case .FD: return numbers(width: 8) { "\(Double(bitPattern: $0))" }
        case .AT: return attributeTags()
        case .OW: return hex(width: 2)
        default: return hex(width: 1)
        }
    }

    private static func capped(_ text: String) -> String {
        text.count > valueTextLimit ? String(text.prefix(valueTextLimit - 1)) + "…" : text
    }

    /// The value's unsigned integers of `width` bytes, in the data set's byte order; a trailing partial one is
    /// ignored.
    private func integers(width: Int) -> [UInt64] {
        guard let value else { return [] }
        var out: [UInt64] = []
        var index = 0
        while index + width <= value.count {
            var number: UInt64 = 0
            for position in 0..<width {
                number = number << 8 | UInt64(value[index + (isBigEndian ? position : width - 1 - position)])
            }
            out.append(number)
            index += width
        }
        return out
    }

    /// Numbers "\"-separated until the text would pass `valueTextLimit`.
    private func numbers(width: Int, _ format: (UInt64) -> String) -> String {
        var text = ""
        for number in integers(width: width) {
            let next = (text.isEmpty ? "" : "\\") + format(number)
            if text.count + next.count > Self.valueTextLimit - 1 { return text + "…" }
            text += next
        }
        return text
    }

    /// AT values as tags "(gggg,eeee)" (PS3.5 §6.2: a pair of 16-bit unsigned integers).
    private func attributeTags() -> String {
        let words = integers(width: 2)
        var tags: [String] = []
        var index = 0
        while index + 1 < words.count {
            tags.append(DICOMTag(UInt16(words[index]), UInt16(words[index + 1])).description)
            index += 2
        }
        return Self.capped(tags.joined(separator: "\\"))
    }

    private func hex(width: Int) -> String {
        numbers(width: width) { number in
            let digits = String(number, radix: 16, uppercase: false)
            return String(repeating: "0", count: max(0, width * 2 - digits.count)) + digits
        }
    }
}
