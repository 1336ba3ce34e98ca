/// Priority (0000,0700) of C-STORE, C-FIND, C-GET and C-MOVE requests (PS3.7 §9.1.1.1.6, Annex E).
public struct DIMSEPriority: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    public static let medium = DIMSEPriority(rawValue: 0x0000)
    public static let high = DIMSEPriority(rawValue: 0x0001)
    public static let low = DIMSEPriority(rawValue: 0x0002)

    public var description: String {
        switch rawValue {
        case 0x0000: "MEDIUM"
        case 0x0001: "HIGH"
        case 0x0002: "LOW"
        default: "0x" + hex4(rawValue)
        }
    }
}
