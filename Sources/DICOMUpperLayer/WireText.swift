/// Text rules for AE titles, UIDs and other ISO 646 fields of the Upper Layer (PS3.5 §6.2 AE and UI VRs).
///
/// Bytes are mapped to `String` one byte per Unicode scalar (ISO 8859-1), which is lossless, so any received
/// byte survives into the value and can be shown in hex; validity is a separate question answered here.
enum WireText {
    static let dicomApplicationContextName = "1.2.840.10008.3.1.1.1"

    static func string<C: Collection>(latin1 bytes: C) -> String where C.Element == UInt8 {
        if bytes.allSatisfy({ $0 < 0x80 }) { return String(decoding: bytes, as: UTF8.self) }
        var s = String.UnicodeScalarView()
        for b in bytes { s.append(Unicode.Scalar(b)) }
        return String(s)
    }

    /// Bytes of `text` one per scalar; nil when a scalar is beyond U+00FF (not representable in these fields).
    static func bytes(_ text: String) -> [UInt8]? {
        // ASCII (every UID and almost every AE title) is its own single-byte encoding: the UTF-8 bytes as they are.
        var text = text
        if let ascii = text.withUTF8({ $0.allSatisfy { $0 < 0x80 } ? Array($0) : nil }) { return ascii }
        var out: [UInt8] = []
        out.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            guard scalar.value <= 0xFF else { return nil }
            out.append(UInt8(scalar.value))
        }
        return out
    }

    /// Removes trailing NULs and spaces (tolerant receive of padded UIDs).
    static func strippingTrailingPadding(_ bytes: [UInt8]) -> (value: [UInt8], wasPadded: Bool) {
        guard let last = bytes.last, last == 0x00 || last == 0x20 else { return (bytes, false) }
        var end = bytes.count
        while end > 0, bytes[end - 1] == 0x00 || bytes[end - 1] == 0x20 { end -= 1 }
        return (Array(bytes[..<end]), end != bytes.count)
    }

    /// AE title as compared: leading and trailing spaces (and trailing NULs) are not significant
    /// (PS3.8 Table 9-11, PS3.5 AE VR).
    static func trimmedAETitle<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        let arr = Array(bytes)
        var end = arr.count
        while end > 0, arr[end - 1] == 0x00 || arr[end - 1] == 0x20 { end -= 1 }
        var start = 0
        while start < end, arr[start] == 0x20 { start += 1 }
        return string(latin1: arr[start..<end])
    }

    /// Compares AE titles the way PS3.8 says: trimmed.
    static func aeTitlesMatch(_ a: String, _ b: String) -> Bool {
        trimmed(a) == trimmed(b)
    }

    static func trimmed(_ s: String) -> String {
        // Nothing to trim (every AE title compared per association, as a rule): no scalar array built. Space and
        // NUL are single bytes in UTF-8, so the ends of the UTF-8 view tell.
        guard let first = s.utf8.first, let last = s.utf8.last else { return s }
        if first != 0x20, last != 0x20, last != 0x00 { return s }
        var scalars = Array(s.unicodeScalars)
        while let last = scalars.last, last == " " || last == "\0" { scalars.removeLast() }
        while let first = scalars.first, first == " " { scalars.removeFirst() }
        var v = String.UnicodeScalarView()
        v.append(contentsOf: scalars)
        return String(v)
    }

    /// 16-byte space-padded AE title field (PS3.8 Table 9-11 bytes 11–26 / 27–42).
    static func paddedAETitleField(_ title: String) -> [UInt8] {
        var out = bytes(title) ?? Array(title.utf8)
        if out.count < 16 { out.append(contentsOf: repeatElement(0x20, count: 16 - out.count)) }
        return out
    }

    /// AE VR characters: default repertoire without control characters and backslash (PS3.5 Table 6.2-1).
    static func isValidAEByte(_ b: UInt8) -> Bool { b >= 0x20 && b < 0x7F && b != 0x5C }

    /// PS3.5 §9.1: digits and '.', components without leading zeros (except "0" itself), 1–64 characters.
    static func isValidUID(_ uid: String) -> Bool {
        let utf8 = Array(uid.utf8)
        guard !utf8.isEmpty, utf8.count <= 64 else { return false }
        return hasValidUIDSyntax(utf8)
    }

    /// Syntax only (no length check).
    static func hasValidUIDSyntax(_ utf8: [UInt8]) -> Bool {
        guard !utf8.isEmpty else { return false }
        var componentStart = true
        var componentLeadingZero = false
        for b in utf8 {
            if b == UInt8(ascii: ".") {
                if componentStart { return false }
                componentStart = true
                componentLeadingZero = false
            } else if b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") {
                if componentLeadingZero { return false }
                if componentStart { componentLeadingZero = b == UInt8(ascii: "0") }
                componentStart = false
            } else {
                return false
            }
        }
        return !componentStart
    }

    /// ISO 646 basic G0 graphic characters (PS3.7 D.3.3.2.2 version name).
    static func isISO646Graphic(_ b: UInt8) -> Bool { b >= 0x20 && b < 0x7F }
}
