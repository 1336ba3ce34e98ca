/// A text value that could not be decoded in its Specific Character Set (0008,0005): shown as a finding, never as
/// mojibake.
public struct CharacterSetDecodingError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Reason: Sendable, Equatable {
        /// A character set this reader does not decode (the defined term).
        case notDecoded(String)
        /// Bytes that are not valid in the declared character set.
        case invalidBytes(String)
        /// An escape sequence to a set the Specific Character Set does not declare, or one PS3.5 Table 6.1-x does
        /// not define.
        case undeclaredEscape(String)
    }

    public var reason: Reason

    public init(_ reason: Reason) { self.reason = reason }

    public var description: String {
        switch reason {
        case .notDecoded(let term): "not decoded: \(term)"
        case .invalidBytes(let term): "bytes not valid in \(term)"
        case .undeclaredEscape(let sequence): "escape sequence \(sequence) to a character set not declared"
        }
    }
}
