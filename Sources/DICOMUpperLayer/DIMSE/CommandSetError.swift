/// Why a command set could not be decoded or read (PS3.7 §6.3.1, Annex E).
///
/// Every malformed or truncated byte sequence maps to one of these — never a trap. An SCP answers a command
/// it cannot parse with an A-ABORT (source 2, reason 6, invalid PDU parameter value), see `abortReason`.
public enum CommandSetError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Fewer than 8 bytes (tag + 32-bit length) left where an element must start.
    case truncatedElementHeader(offset: Int, remaining: Int)
    /// The declared value length runs past the end of the command set.
    case truncatedValue(tag: CommandTag, offset: Int, declaredLength: UInt32, remaining: Int)
    /// Undefined length (0xFFFFFFFF) — not allowed for any command element.
    case undefinedLength(tag: CommandTag, offset: Int)
    /// An element outside group 0000: a command set holds command elements only (PS3.7 §6.3.1).
    case elementOutsideCommandGroup(tag: CommandTag, offset: Int)
    /// A required element is absent (e.g. Command Field, or Message ID of a request).
    case missingElement(CommandTag)
    /// A value has the wrong length for its VR (e.g. US with 3 bytes).
    case invalidValueLength(tag: CommandTag, length: Int, expected: Int)
    /// The command field is not what the typed reader expects (e.g. reading a C-STORE-RQ from a C-ECHO-RQ).
    case unexpectedCommandField(expected: CommandField, actual: CommandField)
    /// A response was asked for a command that has none (a response, or C-CANCEL-RQ).
    case noResponseDefined(CommandField)

    /// A-ABORT reason an SCP sends when a received command set is this malformed (PS3.8 Table 9-26):
    /// 6, invalid-PDU-parameter-value.
    public var abortReason: UInt8 { 6 }

    public var description: String {
        switch self {
        case let .truncatedElementHeader(offset, remaining):
            "command set truncated: element header at byte \(offset) needs 8 bytes, \(remaining) left"
        case let .truncatedValue(tag, offset, declared, remaining):
            "command set truncated: \(tag) at byte \(offset) declares \(declared) bytes, \(remaining) left"
        case let .undefinedLength(tag, offset):
            "command element \(tag) at byte \(offset) has undefined length (not allowed in a command set)"
        case let .elementOutsideCommandGroup(tag, offset):
            "element \(tag) at byte \(offset) is not in group 0000; a command set holds command elements only"
        case let .missingElement(tag):
            "required command element \(tag) \(tag.dictionaryEntry?.keyword ?? "") is missing"
        case let .invalidValueLength(tag, length, expected):
            "command element \(tag) has \(length) value bytes, expected \(expected)"
        case let .unexpectedCommandField(expected, actual):
            "expected \(expected), got \(actual)"
        case let .noResponseDefined(field):
            "\(field) has no response message"
        }
    }
}
