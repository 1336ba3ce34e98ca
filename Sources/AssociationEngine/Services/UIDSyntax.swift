/// The UID syntax of PS3.5 §9.1: 1–64 characters, components of digits separated by single periods, no component
/// empty, and no leading zero in a component of more than one digit.
///
/// The proposal only accepts a transfer syntax that passes this check: storage is bit-preserving, so any transfer
/// syntax can be accepted, but one that is not even a UID would be written to (0002,0010) and make the stored
/// file unreadable.
public enum UIDSyntax {
    public static func isValid(_ uid: String) -> Bool {
        let bytes = Array(uid.utf8)
        guard !bytes.isEmpty, bytes.count <= 64 else { return false }
        var componentLength = 0
        var componentStartsWithZero = false
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                if componentLength == 0 { componentStartsWithZero = byte == UInt8(ascii: "0") }
                else if componentStartsWithZero { return false }
                componentLength += 1
            case UInt8(ascii: "."):
                guard componentLength > 0 else { return false }
                componentLength = 0
            default:
                return false
            }
        }
        return componentLength > 0
    }
}
