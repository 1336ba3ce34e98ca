import NIOCore

/// A-ASSOCIATE-RQ PDU, type 0x01 (PS3.8 §9.3.2, Table 9-11).
///
/// The AE title fields are kept as the 16 bytes seen on the wire (`calledAETitleField`), so that an
/// A-ASSOCIATE-AC can echo them unchanged (PS3.8 Table 9-17) and a decoded RQ re-encodes byte for byte;
/// `calledAETitle` / `callingAETitle` are the significant values (leading/trailing spaces and trailing NULs
/// removed, PS3.8 Table 9-11). `findings` is filled by decoding and never encoded.
public struct AAssociateRQ: Sendable, Equatable {
    /// Bit 0 set = version 1 (PS3.8 Table 9-11); only bit 0 is tested.
    public var protocolVersion: UInt16
    /// Bytes 11–26 as on the wire (16 bytes when valid).
    public var calledAETitleField: [UInt8]
    /// Bytes 27–42 as on the wire.
    public var callingAETitleField: [UInt8]
    /// Bytes 43–74, reserved (32 × 0x00); kept because the AC echoes them (PS3.8 Table 9-17).
    public var reservedField: [UInt8]
    public var applicationContextName: String
    public var presentationContexts: [PresentationContextRQItem]
    public var userInformation: UserInformation
    /// Conformance findings about the peer's encoding; filled on decode, not encoded.
    public var findings: [ConformanceFinding]

    /// "1.2.840.10008.3.1.1.1", the DICOM application context name (PS3.7 Annex A.2.1).
    public static let dicomApplicationContextName = WireText.dicomApplicationContextName

    public init(calledAETitle: String, callingAETitle: String,
                applicationContextName: String = AAssociateRQ.dicomApplicationContextName,
                presentationContexts: [PresentationContextRQItem], userInformation: UserInformation,
                protocolVersion: UInt16 = 1) {
        self.protocolVersion = protocolVersion
        self.calledAETitleField = WireText.paddedAETitleField(calledAETitle)
        self.callingAETitleField = WireText.paddedAETitleField(callingAETitle)
        self.reservedField = Array(repeating: 0, count: 32)
        self.applicationContextName = applicationContextName
        self.presentationContexts = presentationContexts
        self.userInformation = userInformation
        self.findings = []
    }

    /// Called AE title without non-significant spaces; setting it writes a space-padded field.
    public var calledAETitle: String {
        get { WireText.trimmedAETitle(calledAETitleField) }
        set { calledAETitleField = WireText.paddedAETitleField(newValue) }
    }

    /// Calling AE title without non-significant spaces; setting it writes a space-padded field.
    public var callingAETitle: String {
        get { WireText.trimmedAETitle(callingAETitleField) }
        set { callingAETitleField = WireText.paddedAETitleField(newValue) }
    }

    /// Compares AE titles as PS3.8 says: leading and trailing spaces are not significant.
    public static func aeTitlesMatch(_ a: String, _ b: String) -> Bool { WireText.aeTitlesMatch(a, b) }
}
