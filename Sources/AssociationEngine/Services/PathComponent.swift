/// Turns a string taken from the wire (a calling AE title, a SOP Instance UID) into one safe file-name component.
///
/// Everything that reaches the storage directory as a name passes through here, so that no peer can make
/// assocmon write outside `--storage-dir`:
/// - leading and trailing spaces and NULs are dropped first (PS3.8 Table 9-11: they are not significant in AE
///   titles; PS3.5 §9.1: UIDs are NUL-padded);
/// - `/`, `\`, NUL, C0/C1 control characters, DEL, space, anything outside printable ASCII and the characters
///   other systems reserve (`: * ? " < > |`) each become `_`;
/// - a leading `.` becomes `_` (so `..`, `.`, `.tmp` and hidden names cannot occur);
/// - an empty or all-blank value becomes `_`;
/// - the result is cut to `maximumLength` bytes (default 64, the PS3.5 UID maximum; AE titles are 16).
///
/// Distinct inputs may map to the same component (`A/B` and `A_B`); the storage writer never overwrites, so that
/// only changes which directory a file lands in.
public enum PathComponent {
    /// The component used for an empty or blank value.
    public static let placeholder = "_"

    public static func sanitized(_ raw: String, maximumLength: Int = 64) -> String {
        let trimmed = raw.utf8.drop { $0 == 0x20 || $0 == 0x00 }.reversed().drop { $0 == 0x20 || $0 == 0x00 }
        var bytes: [UInt8] = trimmed.reversed().map { byte in
            switch byte {
            case 0x21...0x7E:
                switch byte {
                case UInt8(ascii: "/"), UInt8(ascii: "\\"), UInt8(ascii: ":"), UInt8(ascii: "*"),
                     UInt8(ascii: "?"), UInt8(ascii: "\""), UInt8(ascii: "<"), UInt8(ascii: ">"),
                     UInt8(ascii: "|"):
                    return UInt8(ascii: "_")
                default:
                    return byte
                }
            default:
                return UInt8(ascii: "_")
            }
        }
        if bytes.count > max(1, maximumLength) { bytes.removeLast(bytes.count - max(1, maximumLength)) }
        if bytes.first == UInt8(ascii: ".") { bytes[0] = UInt8(ascii: "_") }
        if bytes.isEmpty { return placeholder }
        return String(decoding: bytes, as: UTF8.self)
    }
}
