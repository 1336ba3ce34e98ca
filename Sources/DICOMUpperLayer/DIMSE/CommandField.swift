/// The Command Field (0000,0100): which DIMSE service primitive a message is (PS3.7 §9.3, §10.3, Annex E).
///
/// A response's command field is the request's with bit 15 set (RSP = RQ | 0x8000). C-CANCEL-RQ (0x0FFF) has no
/// response. Unknown values are kept (`name` is nil) so a monitor can still show them.
public struct CommandField: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    public static let cStoreRQ = CommandField(rawValue: 0x0001)
    public static let cStoreRSP = CommandField(rawValue: 0x8001)
    public static let cGetRQ = CommandField(rawValue: 0x0010)
    public static let cGetRSP = CommandField(rawValue: 0x8010)
    public static let cFindRQ = CommandField(rawValue: 0x0020)
    public static let cFindRSP = CommandField(rawValue: 0x8020)
    public static let cMoveRQ = CommandField(rawValue: 0x0021)
    public static let cMoveRSP = CommandField(rawValue: 0x8021)
    public static let cEchoRQ = CommandField(rawValue: 0x0030)
    public static let cEchoRSP = CommandField(rawValue: 0x8030)
    public static let nEventReportRQ = CommandField(rawValue: 0x0100)
    public static let nEventReportRSP = CommandField(rawValue: 0x8100)
    public static let nGetRQ = CommandField(rawValue: 0x0110)
    public static let nGetRSP = CommandField(rawValue: 0x8110)
    public static let nSetRQ = CommandField(rawValue: 0x0120)
    public static let nSetRSP = CommandField(rawValue: 0x8120)
    public static let nActionRQ = CommandField(rawValue: 0x0130)
    public static let nActionRSP = CommandField(rawValue: 0x8130)
    public static let nCreateRQ = CommandField(rawValue: 0x0140)
    public static let nCreateRSP = CommandField(rawValue: 0x8140)
    public static let nDeleteRQ = CommandField(rawValue: 0x0150)
    public static let nDeleteRSP = CommandField(rawValue: 0x8150)
    public static let cCancelRQ = CommandField(rawValue: 0x0FFF)

    /// Every command field PS3.7 defines, requests and responses.
    public static let allKnown: [CommandField] = [
        .cStoreRQ, .cStoreRSP, .cGetRQ, .cGetRSP, .cFindRQ, .cFindRSP, .cMoveRQ, .cMoveRSP, .cEchoRQ, .cEchoRSP,
        .nEventReportRQ, .nEventReportRSP, .nGetRQ, .nGetRSP, .nSetRQ, .nSetRSP, .nActionRQ, .nActionRSP,
        .nCreateRQ, .nCreateRSP, .nDeleteRQ, .nDeleteRSP, .cCancelRQ,
    ]

    /// The service name without RQ/RSP ("C-STORE"), or nil for values PS3.7 does not define.
    public var serviceName: String? {
        switch rawValue & 0x7FFF {
        case 0x0001: "C-STORE"
        case 0x0010: "C-GET"
        case 0x0020: "C-FIND"
        case 0x0021: "C-MOVE"
        case 0x0030: "C-ECHO"
        case 0x0100: "N-EVENT-REPORT"
        case 0x0110: "N-GET"
        case 0x0120: "N-SET"
        case 0x0130: "N-ACTION"
        case 0x0140: "N-CREATE"
        case 0x0150: "N-DELETE"
        case 0x0FFF: isResponse ? nil : "C-CANCEL"
        default: nil
        }
    }

    /// The name as PS3.7 writes it ("C-STORE-RQ", "N-EVENT-REPORT-RSP", "C-CANCEL-RQ"), or nil if unknown.
    public var name: String? {
        serviceName.map { $0 + (isResponse ? "-RSP" : "-RQ") }
    }

    /// Bit 15 set.
    public var isResponse: Bool { rawValue & 0x8000 != 0 }
    /// Bit 15 clear.
    public var isRequest: Bool { !isResponse }

    /// The matching response (RQ | 0x8000); nil for responses, C-CANCEL-RQ and unknown values.
    public var response: CommandField? {
        guard isRequest, self != .cCancelRQ, serviceName != nil else { return nil }
        return CommandField(rawValue: rawValue | 0x8000)
    }

    /// The matching request (RSP & 0x7FFF); nil for requests.
    public var request: CommandField? {
        isResponse ? CommandField(rawValue: rawValue & 0x7FFF) : nil
    }

    /// "C-ECHO-RQ", or "0x1234" when PS3.7 defines no such command.
    public var description: String {
        name ?? "0x" + hex4(rawValue)
    }
}
