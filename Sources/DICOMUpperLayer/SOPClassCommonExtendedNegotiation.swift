/// SOP Class Common Extended Negotiation sub-item 0x57, A-ASSOCIATE-RQ only (PS3.7 Annex D.3.3.6).
///
/// Unlike the other sub-items, header byte 2 is the sub-item version (0), not a reserved byte.
public struct SOPClassCommonExtendedNegotiation: Sendable, Equatable, Hashable {
    public var subItemVersion: UInt8
    public var sopClassUID: String
    public var serviceClassUID: String
    public var relatedGeneralSOPClassUIDs: [String]

    public init(sopClassUID: String, serviceClassUID: String, relatedGeneralSOPClassUIDs: [String] = [],
                subItemVersion: UInt8 = 0) {
        self.subItemVersion = subItemVersion
        self.sopClassUID = sopClassUID
        self.serviceClassUID = serviceClassUID
        self.relatedGeneralSOPClassUIDs = relatedGeneralSOPClassUIDs
    }
}
