/// The Status (0000,0900) of a DIMSE response (PS3.7 §9.1.1.1.9, Annex C).
///
/// The same code can mean slightly different things per service (0xA900 is "data set does not match SOP
/// class" for C-STORE, "identifier does not match SOP class" for C-FIND); `name` gives the general meaning and
/// says which service defines it where it is service-specific (PS3.4).
public struct DIMSEStatus: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// Status classes of PS3.7 Annex C.
    public enum Category: String, Sendable, CaseIterable {
        case success, warning, failure, cancel, pending
    }

    // PS3.7 Annex C, general statuses.
    public static let success = DIMSEStatus(rawValue: 0x0000)
    public static let cancel = DIMSEStatus(rawValue: 0xFE00)
    public static let pending = DIMSEStatus(rawValue: 0xFF00)
    public static let pendingOptionalKeysNotSupported = DIMSEStatus(rawValue: 0xFF01)
    public static let attributeListError = DIMSEStatus(rawValue: 0x0107)
    public static let attributeValueOutOfRange = DIMSEStatus(rawValue: 0x0116)
    public static let noSuchAttribute = DIMSEStatus(rawValue: 0x0105)
    public static let invalidAttributeValue = DIMSEStatus(rawValue: 0x0106)
    public static let processingFailure = DIMSEStatus(rawValue: 0x0110)
    public static let duplicateSOPInstance = DIMSEStatus(rawValue: 0x0111)
    public static let noSuchSOPInstance = DIMSEStatus(rawValue: 0x0112)
    public static let noSuchEventType = DIMSEStatus(rawValue: 0x0113)
    public static let noSuchArgument = DIMSEStatus(rawValue: 0x0114)
    public static let invalidArgumentValue = DIMSEStatus(rawValue: 0x0115)
    public static let invalidObjectInstance = DIMSEStatus(rawValue: 0x0117)
    public static let noSuchSOPClass = DIMSEStatus(rawValue: 0x0118)
    public static let classInstanceConflict = DIMSEStatus(rawValue: 0x0119)
    public static let missingAttribute = DIMSEStatus(rawValue: 0x0120)
    public static let missingAttributeValue = DIMSEStatus(rawValue: 0x0121)
    public static let sopClassNotSupported = DIMSEStatus(rawValue: 0x0122)
    public static let noSuchActionType = DIMSEStatus(rawValue: 0x0123)
    public static let notAuthorized = DIMSEStatus(rawValue: 0x0124)
    public static let duplicateInvocation = DIMSEStatus(rawValue: 0x0210)
    public static let unrecognizedOperation = DIMSEStatus(rawValue: 0x0211)
    public static let mistypedArgument = DIMSEStatus(rawValue: 0x0212)
    public static let resourceLimitation = DIMSEStatus(rawValue: 0x0213)
    // PS3.4 service-specific (Storage B.2.3, Query/Retrieve C.4).
    public static let outOfResources = DIMSEStatus(rawValue: 0xA700)
    public static let outOfResourcesUnableToCalculateMatches = DIMSEStatus(rawValue: 0xA701)
    public static let outOfResourcesUnableToPerformSuboperations = DIMSEStatus(rawValue: 0xA702)
    public static let moveDestinationUnknown = DIMSEStatus(rawValue: 0xA801)
    public static let dataSetDoesNotMatchSOPClass = DIMSEStatus(rawValue: 0xA900)
    public static let coercionOfDataElements = DIMSEStatus(rawValue: 0xB000)
    public static let elementsDiscarded = DIMSEStatus(rawValue: 0xB006)
    public static let dataSetDoesNotMatchSOPClassWarning = DIMSEStatus(rawValue: 0xB007)
    public static let cannotUnderstand = DIMSEStatus(rawValue: 0xC000)

    /// The status class (PS3.7 Annex C): 0x0000 success; 0xFF00/0xFF01 pending; 0xFE00 cancel;
    /// 0x0001, 0x0107, 0x0116 and 0xB000–0xBFFF warning; everything else failure (0x01xx, 0x02xx, 0xAxxx,
    /// 0xCxxx and unknown codes).
    public var category: Category {
        switch rawValue {
        case 0x0000: .success
        case 0xFF00, 0xFF01: .pending
        case 0xFE00: .cancel
        case 0x0001, 0x0107, 0x0116, 0xB000...0xBFFF: .warning
        default: .failure
        }
    }

    /// General meaning from PS3.7 Annex C / PS3.4, or nil for codes not in the table.
    public var name: String? {
        switch rawValue {
        case 0x0000: "Success"
        case 0x0001: "Requested optional attributes are not supported"
        case 0x0105: "No such attribute"
        case 0x0106: "Invalid attribute value"
        case 0x0107: "Attribute list error"
        case 0x0110: "Processing failure"
        case 0x0111: "Duplicate SOP Instance"
        case 0x0112: "No such SOP Instance"
        case 0x0113: "No such event type"
        case 0x0114: "No such argument"
        case 0x0115: "Invalid argument value"
        case 0x0116: "Attribute value out of range"
        case 0x0117: "Invalid object instance"
        case 0x0118: "No such SOP Class"
        case 0x0119: "Class-instance conflict"
        case 0x0120: "Missing attribute"
        case 0x0121: "Missing attribute value"
        case 0x0122: "Refused: SOP Class not supported"
        case 0x0123: "No such action type"
        case 0x0124: "Refused: not authorized"
        case 0x0210: "Duplicate invocation"
        case 0x0211: "Unrecognized operation"
        case 0x0212: "Mistyped argument"
        case 0x0213: "Resource limitation"
        case 0xA700: "Refused: out of resources"
        case 0xA701: "Refused: out of resources, unable to calculate number of matches (Q/R)"
        case 0xA702: "Refused: out of resources, unable to perform sub-operations (Q/R)"
        case 0xA801: "Refused: move destination unknown (C-MOVE)"
        case 0xA900: "Error: data set does not match SOP Class"
        case 0xB000: "Warning: coercion of data elements (C-STORE) / sub-operations completed with failures (Q/R)"
        case 0xB006: "Warning: elements discarded"
        case 0xB007: "Warning: data set does not match SOP Class"
        case 0xFE00: "Cancel: sub-operations terminated"
        case 0xFF00: "Pending"
        case 0xFF01: "Pending: optional keys not supported"
        case 0xA000...0xAFFF: "Failure (service-specific)"
        case 0xC000...0xCFFF: "Error: cannot understand"
        default: nil
        }
    }

    /// "0xA700 Refused: out of resources".
    public var description: String {
        "0x" + hex4(rawValue) + (name.map { " " + $0 } ?? "")
    }
}
