/// Why `MessageFragmenter` refused to encode a message.
public enum MessageFragmenterError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The command set or data set has an odd length; every PDV fragment must be even (PS3.8 Annex E.1,
    /// PS3.5 §7.1: element values are even length, so a well-formed message always is). Pass
    /// `allowsOddLength: true` to relay such a message as-is.
    case oddLength(isCommand: Bool, length: Int)
    /// The presentation context ID is even or 0; only odd IDs 1–255 exist (PS3.8 §9.3.2.2).
    case invalidPresentationContextID(UInt8)

    public var description: String {
        switch self {
        case let .oddLength(isCommand, length):
            "\(isCommand ? "command set" : "data set") has odd length \(length); PDV fragments must be even"
        case let .invalidPresentationContextID(id):
            "presentation context ID \(id) is not an odd number 1–255"
        }
    }
}
