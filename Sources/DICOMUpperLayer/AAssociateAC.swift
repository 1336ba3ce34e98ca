import NIOCore

/// A-ASSOCIATE-AC PDU, type 0x02 (PS3.8 §9.3.3, Table 9-17).
///
/// Bytes 11–26, 27–42 and 43–74 are "reserved" but shall carry the values received in the A-ASSOCIATE-RQ and
/// are not tested on receipt (Table 9-17; lamyj/odil#16: echoed, not swapped). `init(answering:)` copies them.
public struct AAssociateAC: Sendable, Equatable {
    public var protocolVersion: UInt16
    /// Bytes 11–26: the RQ's called AE title field, echoed.
    public var calledAETitleField: [UInt8]
    /// Bytes 27–42: the RQ's calling AE title field, echoed.
    public var callingAETitleField: [UInt8]
    /// Bytes 43–74: the RQ's reserved field, echoed.
    public var reservedField: [UInt8]
    public var applicationContextName: String
    public var presentationContexts: [PresentationContextACItem]
    public var userInformation: UserInformation
    /// Findings about the peer's encoding when decoded (for the test client); never encoded.
    public var findings: [ConformanceFinding]

    public init(calledAETitle: String, callingAETitle: String,
                applicationContextName: String = AAssociateRQ.dicomApplicationContextName,
                presentationContexts: [PresentationContextACItem], userInformation: UserInformation,
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

    /// An AC answering `rq`: echoes its AE title and reserved fields byte for byte (PS3.8 Table 9-17).
    public init(answering rq: AAssociateRQ, presentationContexts: [PresentationContextACItem],
                userInformation: UserInformation,
                applicationContextName: String = AAssociateRQ.dicomApplicationContextName) {
        self.init(calledAETitle: "", callingAETitle: "", applicationContextName: applicationContextName,
                  presentationContexts: presentationContexts, userInformation: userInformation)
        calledAETitleField = rq.calledAETitleField
        callingAETitleField = rq.callingAETitleField
        reservedField = rq.reservedField
    }

    public var calledAETitle: String {
        get { WireText.trimmedAETitle(calledAETitleField) }
        set { calledAETitleField = WireText.paddedAETitleField(newValue) }
    }

    public var callingAETitle: String {
        get { WireText.trimmedAETitle(callingAETitleField) }
        set { callingAETitleField = WireText.paddedAETitleField(newValue) }
    }
}
