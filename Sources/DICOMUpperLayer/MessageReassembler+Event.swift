import NIOCore

extension MessageReassembler {
    /// What a PDV turns into.
    public enum Event: Sendable, Equatable {
        /// A complete command set. `bytes` are the reassembled command set bytes (a slice of the received
        /// buffer when the command came in one fragment).
        case command(DIMSECommand, presentationContextID: UInt8, bytes: ByteBuffer)
        /// One data set fragment, a slice of the received PDU (never copied), in order. `isLast` ends the
        /// message. Stream it to its destination and drop it.
        case dataSetFragment(ByteBuffer, presentationContextID: UInt8, isLast: Bool)
    }

    /// Deviations a peer gets away with (the message is still delivered) but a monitor should show.
    public enum Finding: Sendable, Hashable, CustomStringConvertible {
        /// A fragment of odd length (PS3.8 Annex E.1: fragments shall be even; DCMTK aborts with
        /// "Odd Fragment Length", fo-dicom#284).
        case oddFragmentLength(presentationContextID: UInt8, isCommand: Bool, length: Int)
        /// Message control header bits 2–7 set (PS3.8 E.2: shall be 0); bits 0–1 are used as sent.
        case reservedBitsSet(presentationContextID: UInt8, messageControlHeader: UInt8)
        /// Command Group Length (0000,0000) disagrees with the command elements (PS3.7 §6.3.1), or is absent.
        case commandGroupLengthMismatch(declared: UInt32?, actual: Int)
        /// A request or response without Command Data Set Type (0000,0800), which every command of PS3.7 lists as
        /// mandatory; the message is taken as having no data set.
        case commandDataSetTypeMissing(commandField: CommandField)

        /// A short stable code for logs and the front.
        public var code: String {
            switch self {
            case .oddFragmentLength: "pdv.odd-fragment"
            case .reservedBitsSet: "pdv.reserved-bits"
            case .commandGroupLengthMismatch: "dimse.group-length"
            case .commandDataSetTypeMissing: "dimse.data-set-type-missing"
            }
        }

        /// How serious the deviation is, on the scale of the A-ASSOCIATE-RQ findings (`ConformanceFinding`): an
        /// odd fragment breaks a "shall" that DCMTK enforces by aborting; a wrong Command Group Length or a
        /// missing Command Data Set Type break a "shall" of PS3.7 that tolerant receivers survive; reserved bits
        /// are only reported (PS3.8 §9.3.1: reserved fields are not tested).
        public var severity: ConformanceFinding.Severity {
            switch self {
            case .oddFragmentLength: .error
            case .commandGroupLengthMismatch, .commandDataSetTypeMissing: .warning
            case .reservedBitsSet: .info
            }
        }

        public var description: String {
            switch self {
            case let .oddFragmentLength(id, isCommand, length):
                "odd \(isCommand ? "command" : "data set") fragment length \(length) on context \(id)"
            case let .reservedBitsSet(id, header):
                "message control header 0x\(String(header, radix: 16, uppercase: true)) on context \(id) sets reserved bits"
            case let .commandGroupLengthMismatch(declared, actual):
                "Command Group Length " + (declared.map { "says \($0)" } ?? "is missing") + ", elements take \(actual)"
            case let .commandDataSetTypeMissing(field):
                "\(field) has no Command Data Set Type (0000,0800); taken as no data set"
            }
        }
    }
}
