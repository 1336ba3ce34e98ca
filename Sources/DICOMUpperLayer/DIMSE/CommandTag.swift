/// A command element tag (PS3.7 §6.3.1, Annex E Table E.1-1): group 0000, element number.
///
/// Stored as the 32-bit (group << 16 | element) value so that unknown or retired elements a peer sends can be
/// kept and re-encoded unchanged.
public struct CommandTag: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    public init(group: UInt16 = 0x0000, element: UInt16) {
        rawValue = UInt32(group) << 16 | UInt32(element)
    }

    public var group: UInt16 { UInt16(truncatingIfNeeded: rawValue >> 16) }
    public var element: UInt16 { UInt16(truncatingIfNeeded: rawValue) }

    public static func < (lhs: CommandTag, rhs: CommandTag) -> Bool { lhs.rawValue < rhs.rawValue }

    /// "(0000,0100)".
    public var description: String {
        "(\(hex4(group)),\(hex4(element)))"
    }

    // PS3.7 Annex E, Table E.1-1 (current elements).
    public static let commandGroupLength = CommandTag(element: 0x0000)
    public static let affectedSOPClassUID = CommandTag(element: 0x0002)
    public static let requestedSOPClassUID = CommandTag(element: 0x0003)
    public static let commandField = CommandTag(element: 0x0100)
    public static let messageID = CommandTag(element: 0x0110)
    public static let messageIDBeingRespondedTo = CommandTag(element: 0x0120)
    public static let moveDestination = CommandTag(element: 0x0600)
    public static let priority = CommandTag(element: 0x0700)
    public static let commandDataSetType = CommandTag(element: 0x0800)
    public static let status = CommandTag(element: 0x0900)
    public static let offendingElement = CommandTag(element: 0x0901)
    public static let errorComment = CommandTag(element: 0x0902)
    public static let errorID = CommandTag(element: 0x0903)
    public static let affectedSOPInstanceUID = CommandTag(element: 0x1000)
    public static let requestedSOPInstanceUID = CommandTag(element: 0x1001)
    public static let eventTypeID = CommandTag(element: 0x1002)
    public static let attributeIdentifierList = CommandTag(element: 0x1005)
    public static let actionTypeID = CommandTag(element: 0x1008)
    public static let numberOfRemainingSuboperations = CommandTag(element: 0x1020)
    public static let numberOfCompletedSuboperations = CommandTag(element: 0x1021)
    public static let numberOfFailedSuboperations = CommandTag(element: 0x1022)
    public static let numberOfWarningSuboperations = CommandTag(element: 0x1023)
    public static let moveOriginatorApplicationEntityTitle = CommandTag(element: 0x1030)
    public static let moveOriginatorMessageID = CommandTag(element: 0x1031)

    /// Value representation and keyword of the known elements (PS3.7 Table E.1-1; retired ones from
    /// Table E.2-1), needed because implicit VR carries no VR on the wire.
    public var dictionaryEntry: (vr: String, keyword: String)? {
        guard group == 0 else { return nil }
        switch element {
        case 0x0000: return ("UL", "CommandGroupLength")
        case 0x0001: return ("UL", "CommandLengthToEnd")
        case 0x0002: return ("UI", "AffectedSOPClassUID")
        case 0x0003: return ("UI", "RequestedSOPClassUID")
        case 0x0010: return ("SH", "CommandRecognitionCode")
        case 0x0100: return ("US", "CommandField")
        case 0x0110: return ("US", "MessageID")
        case 0x0120: return ("US", "MessageIDBeingRespondedTo")
        case 0x0200: return ("AE", "Initiator")
        case 0x0300: return ("AE", "Receiver")
        case 0x0400: return ("AE", "FindLocation")
        case 0x0600: return ("AE", "MoveDestination")
        case 0x0700: return ("US", "Priority")
        case 0x0800: return ("US", "CommandDataSetType")
        case 0x0850: return ("US", "NumberOfMatches")
        case 0x0860: return ("US", "ResponseSequenceNumber")
        case 0x0900: return ("US", "Status")
        case 0x0901: return ("AT", "OffendingElement")
        case 0x0902: return ("LO", "ErrorComment")
        case 0x0903: return ("US", "ErrorID")
        case 0x1000: return ("UI", "AffectedSOPInstanceUID")
        case 0x1001: return ("UI", "RequestedSOPInstanceUID")
        case 0x1002: return ("US", "EventTypeID")
        case 0x1005: return ("AT", "AttributeIdentifierList")
        case 0x1008: return ("US", "ActionTypeID")
        case 0x1020: return ("US", "NumberOfRemainingSuboperations")
        case 0x1021: return ("US", "NumberOfCompletedSuboperations")
        case 0x1022: return ("US", "NumberOfFailedSuboperations")
        case 0x1023: return ("US", "NumberOfWarningSuboperations")
        case 0x1030: return ("AE", "MoveOriginatorApplicationEntityTitle")
        case 0x1031: return ("US", "MoveOriginatorMessageID")
        default: return nil
        }
    }
}

func hex4(_ value: UInt16) -> String {
    let digits = String(value, radix: 16, uppercase: true)
    return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
}
