/// A P-DATA-TF stream that breaks PS3.8 Annex E or §9.3.5 so badly that the message cannot be delivered.
///
/// An SCP that gets one of these aborts the association: A-ABORT with source 2 (service provider) and
/// `abortReason` (PS3.8 Table 9-26; §9.2 AA-8 for an unexpected PDU). Sequencing errors — fragments of two
/// messages interleaved, data before its command, data after the last fragment — are reason 2
/// (unexpected-PDU); malformed items or values are reason 6 (invalid-PDU-parameter-value).
public enum MessageReassemblerError: Error, Hashable, Sendable, CustomStringConvertible {
    // Structure of the P-DATA-TF variable field (PS3.8 §9.3.5, Table 9-23).
    /// A P-DATA-TF with no PDV item ("one or more" are required).
    case noPresentationDataValues
    /// A PDV item length below 2: no room for the presentation context ID and message control header.
    case pdvItemTooShort(offset: Int, itemLength: UInt32)
    /// A PDV item header or body runs past the end of the PDU (`declaredLength` nil: not even 6 header bytes).
    case pdvItemTruncated(offset: Int, declaredLength: UInt32?, remaining: Int)

    // Sequencing (PS3.8 Annex E.1/E.2, PS3.7 §6.3.1).
    /// A fragment for another presentation context arrived before the current message was complete:
    /// messages must not interleave.
    case interleavedPresentationContext(expected: UInt8, received: UInt8)
    /// A command fragment arrived while a data set was being received (a new message started before the
    /// data set's last fragment).
    case commandFragmentDuringDataSet(presentationContextID: UInt8)
    /// A data set fragment arrived before any command, or before the command's last fragment.
    case dataFragmentBeforeCommand(presentationContextID: UInt8)
    /// A data set fragment arrived for a command whose Command Data Set Type (0000,0800) is 0x0101 (none).
    case unexpectedDataSet(presentationContextID: UInt8, commandField: CommandField)
    /// A data set fragment arrived after the data set's last fragment, with no new command in between.
    case fragmentAfterLastFragment(presentationContextID: UInt8)

    // Values.
    /// A fragment on a presentation context that was not accepted on this association.
    case unknownPresentationContext(UInt8)
    /// The command set grew past the limit (command sets are a few hundred bytes; a peer sending megabytes
    /// is broken or hostile).
    case commandSetTooLong(limit: Int)
    /// The complete command set could not be decoded.
    case malformedCommandSet(CommandSetError)
    /// A finding treated as an error in strict mode (odd fragment length, reserved bits set).
    case strict(MessageReassembler.Finding)

    /// A-ABORT source for every case: 2, DICOM UL service-provider (PS3.8 Table 9-26).
    public var abortSource: UInt8 { 2 }

    /// A-ABORT reason (PS3.8 Table 9-26): 2 unexpected-PDU for sequencing errors, 6
    /// invalid-PDU-parameter-value for malformed items and values.
    public var abortReason: UInt8 {
        switch self {
        case .interleavedPresentationContext, .commandFragmentDuringDataSet, .dataFragmentBeforeCommand,
             .unexpectedDataSet, .fragmentAfterLastFragment:
            2
        case .noPresentationDataValues, .pdvItemTooShort, .pdvItemTruncated, .unknownPresentationContext,
             .commandSetTooLong, .malformedCommandSet, .strict:
            6
        }
    }

    public var description: String {
        switch self {
        case .noPresentationDataValues:
            "P-DATA-TF carries no presentation data value item (PS3.8 §9.3.5 requires one or more)"
        case let .pdvItemTooShort(offset, length):
            "PDV item at byte \(offset) has item length \(length); it must be at least 2"
        case let .pdvItemTruncated(offset, declared, remaining):
            "PDV item at byte \(offset) " + (declared.map { "declares \($0) bytes but only \(remaining) remain" }
                ?? "is cut off: \(remaining) bytes where a 6-byte item header is needed")
        case let .interleavedPresentationContext(expected, received):
            "fragment for presentation context \(received) while the message on context \(expected) is incomplete "
                + "(messages must not interleave, PS3.8 Annex E)"
        case let .commandFragmentDuringDataSet(id):
            "command fragment on context \(id) before the current data set's last fragment"
        case let .dataFragmentBeforeCommand(id):
            "data set fragment on context \(id) before a complete command"
        case let .unexpectedDataSet(id, field):
            "data set fragment on context \(id) but the \(field) said no data set follows (0000,0800 = 0x0101)"
        case let .fragmentAfterLastFragment(id):
            "data set fragment on context \(id) after the last fragment"
        case let .unknownPresentationContext(id):
            "fragment on presentation context \(id), which was not accepted"
        case let .commandSetTooLong(limit):
            "command set longer than \(limit) bytes"
        case let .malformedCommandSet(error):
            "malformed command set: \(error)"
        case let .strict(finding):
            "strict mode: \(finding)"
        }
    }
}
