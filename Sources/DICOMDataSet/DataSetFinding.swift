/// Something noteworthy about how a data set is encoded, found while reading it. Findings never stop reading;
/// what does is a `DataSetReaderError`.
public struct DataSetFinding: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// Stable identifiers, never renamed once shipped.
    public enum Code: String, Sendable, Equatable, Hashable, CaseIterable {
        /// The data set is not encoded in the negotiated transfer syntax (PS3.5 §10; PS3.8 §9.3.5: the accepted
        /// presentation context's transfer syntax applies to every data set on it).
        case transferSyntaxMismatch = "data-set-transfer-syntax-mismatch"
        /// A Value Length that is odd (PS3.5 §7.1.1: it shall be even).
        case oddValueLength = "data-set-odd-value-length"
        /// Explicit VR bytes that are not a PS3.5 VR.
        case unknownVR = "data-set-unknown-vr"
        /// An explicit VR that contradicts the data dictionary (PS3.6 §6; PS3.5 §7.1.2): a reader that trusts the
        /// dictionary, or converts to Implicit VR, reads the value otherwise.
        case vrMismatch = "data-set-vr-mismatch"
        /// A Group Length (gggg,0000) whose value is not the encoded length of its group's elements (PS3.5 §7.2):
        /// a reader that skips groups by it lands in the middle of an element.
        case groupLengthMismatch = "data-set-group-length"
        /// A delimiter that closes nothing open, or an item outside a sequence (PS3.5 §7.5).
        case misplacedDelimiter = "data-set-misplaced-delimiter"
        /// A value in a character set that is not decoded here, or bytes not valid in the declared one
        /// (PS3.5 §6.1).
        case valueNotDecoded = "data-set-value-not-decoded"
        /// The data set could not be read further (the `DataSetReaderError`).
        case malformed = "data-set-malformed"
        /// A deflated data set that could not be inflated here (zlib could not start).
        case deflatedNotDecoded = "data-set-deflated-not-decoded"
        /// The bounded prefix (bytes or elements) ended reading before Pixel Data or the end of the data set.
        case prefixLimit = "data-set-prefix-limit"
        /// A Type 1 attribute of the SOP Common, General Study/Series or Patient modules is absent or empty
        /// (PS3.3 C.12.1, C.7.2.1, C.7.3.1).
        case missingType1 = "data-set-missing-type-1"
        /// SOP Instance UID (0008,0018) differs from the command's Affected SOP Instance UID (0000,1000)
        /// (PS3.4 B.2.3: they name the same instance).
        case sopInstanceMismatch = "data-set-sop-instance-mismatch"
        /// SOP Class UID (0008,0016) differs from the command's Affected SOP Class UID (0000,0002).
        case sopClassMismatch = "data-set-sop-class-mismatch"

        public var severity: Severity {
            switch self {
            case .transferSyntaxMismatch, .malformed, .misplacedDelimiter, .missingType1,
                 .sopInstanceMismatch, .sopClassMismatch: .error
            case .oddValueLength, .unknownVR, .valueNotDecoded, .vrMismatch, .groupLengthMismatch: .warning
            case .deflatedNotDecoded, .prefixLimit: .info
            }
        }
    }

    public enum Severity: String, Sendable, Equatable, Hashable {
        case info, warning, error
    }

    public var code: Code
    public var message: String
    public var severity: Severity { code.severity }

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "[\(severity.rawValue)] \(code.rawValue): \(message)" }
}
