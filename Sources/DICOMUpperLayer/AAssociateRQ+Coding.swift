import NIOCore

extension AAssociateRQ {
    /// Encodes the PDU including its 6-byte header. Strict mode enforces PS3.8 / PS3.7 send rules.
    public func encode(into buffer: inout ByteBuffer, mode: EncodingMode = .strict) throws(UpperLayerError) {
        let p = PDUType.associateRQ.rawValue
        if mode == .strict { try validateForSending() }
        let fixed = AssociateFixedFields(protocolVersion: protocolVersion, reserved9to10: 0,
                                         calledAETitleField: calledAETitleField,
                                         callingAETitleField: callingAETitleField, reservedField: reservedField)
        try fixed.encodePDU(type: .associateRQ, applicationContextName: applicationContextName,
                            userInformation: userInformation, mode: mode, into: &buffer) {
            (b: inout ByteBuffer) throws(UpperLayerError) in
            for pc in presentationContexts { try pc.encode(into: &b, mode: mode, pduTypeCode: p) }
        }
    }

    private func validateForSending() throws(UpperLayerError) {
        let p = PDUType.associateRQ.rawValue
        for (name, field) in [("Called-AE-title", calledAETitleField), ("Calling-AE-title", callingAETitleField)] {
            let trimmed = WireText.trimmedAETitle(field)
            guard field.count == 16, !trimmed.isEmpty, field.allSatisfy(WireText.isValidAEByte) else {
                throw encodingError(p, name, "\"\(trimmed)\" must be 1–16 printable ASCII characters without backslash, not blank")
            }
        }
        guard protocolVersion & 1 == 1 else {
            throw encodingError(p, "Protocol-version", "bit 0 must be set (PS3.8 Table 9-11)")
        }
        guard (1...128).contains(presentationContexts.count) else {
            throw encodingError(p, "Presentation-context-item", "1–128 presentation contexts required, have \(presentationContexts.count)")
        }
        guard Set(presentationContexts.map(\.id)).count == presentationContexts.count else {
            throw encodingError(p, "Presentation-context-ID", "presentation context IDs must be unique")
        }
        guard userInformation.maximumLength != nil, userInformation.implementationClassUID != nil else {
            throw encodingError(p, "User-information-item",
                                "maximum length and implementation class UID sub-items are mandatory (PS3.7 D.3.3)")
        }
    }

    /// Decodes the PDU body (everything after the 6-byte header), collecting conformance findings.
    public static func decode(body: ByteBuffer) throws(UpperLayerError) -> AAssociateRQ {
        var r = WireReader(buffer: body, pduTypeCode: PDUType.associateRQ.rawValue, baseOffset: 6)
        var f = FindingCollector()
        let fixed = try AssociateFixedFields.decode(&r)
        if fixed.protocolVersion & 1 == 0 {
            f.add(.protocolVersionBit0, "protocol version 0x\(hex(UInt8(fixed.protocolVersion >> 8)))\(hex(UInt8(fixed.protocolVersion & 0xFF))) does not have bit 0 set")
        }
        if fixed.reserved9to10 != 0 { f.add(.reservedNonZero, "reserved bytes 9–10 (offset 8) are not zero") }
        if fixed.reservedField.contains(where: { $0 != 0 }) {
            f.add(.reservedNonZero, "reserved bytes 43–74 (offset 42) are not zero")
        }
        f.aeTitle(fixed.calledAETitleField, name: "Called AE title", offset: 10)
        f.aeTitle(fixed.callingAETitleField, name: "Calling AE title", offset: 26)

        var applicationContext: String?
        var contexts: [PresentationContextRQItem] = []
        var userInformation: UserInformation?
        while !r.isAtEnd {
            var item = try AssociateItemHeader.next(&r)
            switch item.type {
            case 0x10:
                let name = f.uid(item.value.readRest(), field: "Application context name", offset: item.offset + 4)
                if applicationContext == nil { applicationContext = name } else {
                    f.add(.applicationContextDuplicate, "more than one application context item; the first is used")
                }
            case 0x20:
                contexts.append(try PresentationContextRQItem.decode(value: &item.value, headerOffset: item.offset, findings: &f))
            case 0x50:
                let info = try UserInformation.decode(value: &item.value, in: .associateRQ, findings: &f)
                if userInformation == nil { userInformation = info } else {
                    f.add(.subItemDuplicate, "more than one user information item; the first is used")
                }
            default:
                f.add(.itemUnknown, "item type 0x\(hex(item.type)) at offset \(item.offset) is not defined for an A-ASSOCIATE-RQ (skipped)")
            }
        }
        if applicationContext == nil {
            f.add(.applicationContextMissing, "no application context item")
        } else if applicationContext != dicomApplicationContextName {
            f.add(.applicationContextUnknown, "application context \"\(applicationContext ?? "")\" is not \(dicomApplicationContextName)")
        }
        if contexts.isEmpty { f.add(.presentationContextNone, "no presentation context proposed") }
        if contexts.count > 128 {
            f.add(.presentationContextCountOver128, "\(contexts.count) presentation contexts proposed; odd IDs allow at most 128")
        }
        var seen = ByteSet()
        var reportedDuplicates = ByteSet()
        for pc in contexts {
            if pc.id % 2 == 0 { f.add(.presentationContextIDEven, "presentation context ID \(pc.id) is not odd") }
            if !seen.insert(pc.id), reportedDuplicates.insert(pc.id) {
                f.add(.presentationContextIDDuplicate, "presentation context ID \(pc.id) is used more than once")
            }
        }
        if userInformation == nil {
            f.add(.userInformationMissing, "no user information item (maximum length and implementation class UID missing)")
        }
        var rq = AAssociateRQ(calledAETitle: "", callingAETitle: "", applicationContextName: applicationContext ?? "",
                              presentationContexts: contexts, userInformation: userInformation ?? UserInformation(),
                              protocolVersion: fixed.protocolVersion)
        rq.calledAETitleField = fixed.calledAETitleField
        rq.callingAETitleField = fixed.callingAETitleField
        rq.reservedField = fixed.reservedField
        rq.findings = f.findings
        return rq
    }
}
