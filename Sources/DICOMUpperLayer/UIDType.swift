/// The kind of a registered DICOM UID, as the "UID Type" column of PS3.6 Annex A Table A-1 names it.
///
/// A string-backed value rather than a closed enum: new editions of PS3.6 add types (pydicom's table already
/// has "Application Hosting Model", "Mapping Resource", ...), and a newer generated table must still compile.
public struct UIDType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let sopClass = UIDType(rawValue: "SOP Class")
    public static let metaSOPClass = UIDType(rawValue: "Meta SOP Class")
    public static let transferSyntax = UIDType(rawValue: "Transfer Syntax")
    public static let wellKnownSOPInstance = UIDType(rawValue: "Well-known SOP Instance")
    public static let applicationContextName = UIDType(rawValue: "Application Context Name")
    public static let serviceClass = UIDType(rawValue: "Service Class")
    public static let wellKnownFrameOfReference = UIDType(rawValue: "Well-known frame of reference")
    public static let codingScheme = UIDType(rawValue: "Coding Scheme")
    public static let ldapOID = UIDType(rawValue: "LDAP OID")

    public var description: String { rawValue }
}
