import NIOCore

extension AAssociateAC {
    /// Encodes the PDU including its 6-byte header. Strict mode enforces PS3.8 / PS3.7 send rules; the echoed
    /// AE title and reserved fields are not checked (PS3.8 Table 9-17).
    public func encode(into buffer: inout ByteBuffer, mode: EncodingMode = .strict) throws(UpperLayerError) {
        let p = PDUType.associateAC.rawValue
        if mode == .strict {
            guard protocolVersion & 1 == 1 else {
                throw encodingError(p, "Protocol-version", "bit 0 must be set (PS3.8 Table 9-17)")
            }
            guard Set(presentationContexts.map(\.id)).count == presentationContexts.count else {
                throw encodingError(p, "Presentation-context-ID", "presentation context IDs must be unique")
            }
            guard userInformation.maximumLength != nil, userInformation.implementationClassUID != nil else {
                throw encodingError(p, "User-information-item",
                                    "maximum length and implementation class UID sub-items are mandatory (PS3.7 D.3.3)")
            }
        }
        let fixed = AssociateFixedFields(protocolVersion: protocolVersion, reserved9to10: 0,
                                         calledAETitleField: calledAETitleField,
                                         callingAETitleField: callingAETitleField, reservedField: reservedField)
        try fixed.encodePDU(type: .associateAC, applicationContextName: applicationContextName,
                            userInformation: userInformation, mode: mode, into: &buffer) {
            (b: inout ByteBuffer) throws(UpperLayerError) in
            for pc in presentationContexts { try pc.encode(into: &b, mode: mode, pduTypeCode: p) }
        }
    }

    /// Decodes the PDU body (everything after the 6-byte header). Tolerant: AE/reserved fields are kept, not tested.
    public static func decode(body: ByteBuffer) throws(UpperLayerError) -> AAssociateAC {
        var r = WireReader(buffer: body, pduTypeCode: PDUType.associateAC.rawValue, baseOffset: 6)
        var f = FindingCollector()
        let fixed = try AssociateFixedFields.decode(&r)
        if fixed.protocolVersion & 1 == 0 {
            f.add(.protocolVersionBit0, "protocol version does not have bit 0 set")
        }
        var applicationContext: String?
        var contexts: [PresentationContextACItem] = []
        var userInformation: UserInformation?
        while !r.isAtEnd {
            var item = try AssociateItemHeader.next(&r)
            switch item.type {
            case 0x10:
                let name = f.uid(item.value.readRest(), field: "Application context name", offset: item.offset + 4)
                if applicationContext == nil { applicationContext = name }
            case 0x21:
                contexts.append(try PresentationContextACItem.decode(value: &item.value, findings: &f))
            case 0x50:
                let info = try UserInformation.decode(value: &item.value, in: .associateAC, findings: &f)
                if userInformation == nil { userInformation = info }
            default:
                f.add(.itemUnknown, "item type 0x\(hex(item.type)) at offset \(item.offset) is not defined for an A-ASSOCIATE-AC (skipped)")
            }
        }
        if applicationContext == nil { f.add(.applicationContextMissing, "no application context item") }
        if userInformation == nil { f.add(.userInformationMissing, "no user information item") }
        var ac = AAssociateAC(calledAETitle: "", callingAETitle: "", applicationContextName: applicationContext ?? "",
                              presentationContexts: contexts, userInformation: userInformation ?? UserInformation(),
                              protocolVersion: fixed.protocolVersion)
        ac.calledAETitleField = fixed.calledAETitleField
        ac.callingAETitleField = fixed.callingAETitleField
        ac.reservedField = fixed.reservedField
        ac.findings = f.findings
        return ac
    }
}
