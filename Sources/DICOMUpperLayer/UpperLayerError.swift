/// A decoding or encoding failure of the DICOM Upper Layer codec, never a trap.
///
/// Every error names the PDU, the field, the byte offset (0-based, counted from the first byte of the
/// 6-byte PDU header; PS3.8 numbers bytes from 1, so PS3.8 "byte N" is offset N − 1) and the A-ABORT it maps
/// to. Decoding errors map to an A-ABORT with source 2 (service-provider) and the reason of PS3.8 §9.3.8,
/// Table 9-26, which is what the acceptor sends in action AA-8 (PS3.8 §9.2.3, Table 9-10) after Evt19.
public struct UpperLayerError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, in the terms of PS3.8 Table 9-26.
    public enum Kind: Sendable, Equatable, CustomStringConvertible {
        /// The PDU type byte is not one of PS3.8 §9.3.1's seven types (reason 1).
        case unrecognizedPDU
        /// A valid PDU arrived in a state that does not expect it (reason 2); raised by the state machine.
        case unexpectedPDU
        /// An item or field whose type the codec does not know where one is required (reason 4).
        case unrecognizedParameter
        /// An item or field that is known but not allowed here (reason 5).
        case unexpectedParameter
        /// A field whose value or length is impossible: truncated items, wrong fixed lengths (reason 6).
        case invalidParameterValue
        /// The PDU-length of the header exceeds the configured `PDULimits` (reason 6).
        case lengthLimitExceeded
        /// A value that strict encoding refuses to send (PS3.8 / PS3.7 "strict on send"); never on the wire.
        case invalidValueForEncoding

        public var description: String {
            switch self {
            case .unrecognizedPDU: "unrecognized PDU"
            case .unexpectedPDU: "unexpected PDU"
            case .unrecognizedParameter: "unrecognized PDU parameter"
            case .unexpectedParameter: "unexpected PDU parameter"
            case .invalidParameterValue: "invalid PDU parameter value"
            case .lengthLimitExceeded: "PDU length exceeds the limit"
            case .invalidValueForEncoding: "value not allowed on send"
            }
        }
    }

    public var kind: Kind
    /// The PDU type byte as received or being encoded (also for unrecognized types).
    public var pduTypeCode: UInt8
    /// Field name as PS3.8 names it, e.g. "PDU-length", "Presentation-context-ID", "Transfer-syntax-name".
    public var field: String
    /// 0-based offset from the first header byte of the PDU; nil for encoding errors.
    public var offset: Int?
    /// One plain-words sentence: what was found and what was expected.
    public var message: String

    public init(kind: Kind, pduTypeCode: UInt8, field: String, offset: Int?, message: String) {
        self.kind = kind
        self.pduTypeCode = pduTypeCode
        self.field = field
        self.offset = offset
        self.message = message
    }

    /// The PDU concerned, nil when the type byte itself is unrecognized.
    public var pdu: PDUType? { PDUType(rawValue: pduTypeCode) }

    /// A-ABORT source: always 2, DICOM UL service-provider initiated (PS3.8 Table 9-26).
    public var abortSource: UInt8 { AAbort.Source.serviceProvider }

    /// A-ABORT reason/diagnostic (PS3.8 Table 9-26).
    public var abortReason: UInt8 {
        switch kind {
        case .unrecognizedPDU: AAbort.Reason.unrecognizedPDU
        case .unexpectedPDU: AAbort.Reason.unexpectedPDU
        case .unrecognizedParameter: AAbort.Reason.unrecognizedPDUParameter
        case .unexpectedParameter: AAbort.Reason.unexpectedPDUParameter
        case .invalidParameterValue, .lengthLimitExceeded, .invalidValueForEncoding:
            AAbort.Reason.invalidPDUParameterValue
        }
    }

    /// The A-ABORT PDU the acceptor sends for this error (AA-8).
    public var abort: AAbort { AAbort(source: abortSource, reason: abortReason) }

    public var description: String {
        let pduName = pdu?.description ?? "PDU type 0x\(hex(pduTypeCode))"
        let place = offset.map { " at byte offset \($0)" } ?? ""
        return "\(pduName): \(kind) in \(field)\(place): \(message)"
            + (offset != nil ? " (A-ABORT source \(abortSource), reason \(abortReason))" : "")
    }
}
