import NIOCore

extension UserInformationSubItem {
    func encode(into buffer: inout ByteBuffer, mode: EncodingMode, pduTypeCode p: UInt8) throws(UpperLayerError) {
        let strict = mode == .strict
        switch self {
        case .maximumLength(let value):
            if strict, value == 0 {
                throw encodingError(p, "Maximum-length-received",
                                    "0 (unlimited) is never sent: it breaks older peers (PS3.2 G.4.4.2)")
            }
            try buffer.writeItem(type: itemType, pduTypeCode: p, field: "Maximum-length-received") { b in
                b.writeInteger(value, endianness: .big)
            }
        case .implementationClassUID(let uid):
            try buffer.writeItem(type: itemType, pduTypeCode: p, field: "Implementation-class-uid") {
                (b: inout ByteBuffer) throws(UpperLayerError) in
                try b.writeUIDValue(uid, mode: mode, pduTypeCode: p, field: "Implementation-class-uid")
            }
        case .asynchronousOperationsWindow(let w):
            try buffer.writeItem(type: itemType, pduTypeCode: p, field: "Asynchronous-operations-window") { b in
                b.writeInteger(w.maximumNumberOperationsInvoked, endianness: .big)
                b.writeInteger(w.maximumNumberOperationsPerformed, endianness: .big)
            }
        case .roleSelection(let r):
            if strict, r.scuRole > 1 || r.scpRole > 1 {
                throw encodingError(p, "SCU-role/SCP-role", "role values must be 0 or 1 (PS3.7 D.3.3.4)")
            }
            try buffer.writeItem(type: itemType, pduTypeCode: p, field: "SCP/SCU-role-selection") {
                (b: inout ByteBuffer) throws(UpperLayerError) in
                try b.writeWithUInt16Length(pduTypeCode: p, field: "UID-length") {
                    (b: inout ByteBuffer) throws(UpperLayerError) in
                    try b.writeUIDValue(r.sopClassUID, mode: mode, pduTypeCode: p, field: "SOP-class-uid")
                }
                b.writeInteger(r.scuRole)
                b.writeInteger(r.scpRole)
            }
        case .implementationVersionName(let name):
            if strict {
                let bytes = WireText.bytes(name) ?? []
                guard (1...16).contains(bytes.count), bytes.allSatisfy(WireText.isISO646Graphic) else {
                    throw encodingError(p, "Implementation-version-name",
                                        "\"\(name)\" must be 1–16 ISO 646 characters (PS3.7 D.3.3.2)")
                }
            }
            try buffer.writeItem(type: itemType, pduTypeCode: p, field: "Implementation-version-name") {
                (b: inout ByteBuffer) throws(UpperLayerError) in
                try b.writeLatin1(name, pduTypeCode: p, field: "Implementation-version-name")
            }
        case .sopClassExtendedNegotiation(let e):
            try buffer.writeItem(type: itemType, pduTypeCode: p, field: "SOP-class-extended-negotiation") {
                (b: inout ByteBuffer) throws(UpperLayerError) in
                try b.writeWithUInt16Length(pduTypeCode: p, field: "SOP-class-uid-length") {
                    (b: inout ByteBuffer) throws(UpperLayerError) in
                    try b.writeUIDValue(e.sopClassUID, mode: mode, pduTypeCode: p, field: "SOP-class-uid")
                }
                b.writeBytes(e.serviceClassApplicationInformation)
            }
        case .sopClassCommonExtendedNegotiation(let c):
            try buffer.writeItem(type: itemType, reserved: c.subItemVersion, pduTypeCode: p,
                                 field: "SOP-class-common-extended-negotiation") {
                (b: inout ByteBuffer) throws(UpperLayerError) in
                try b.writeWithUInt16Length(pduTypeCode: p, field: "SOP-class-uid-length") {
                    (b: inout ByteBuffer) throws(UpperLayerError) in
                    try b.writeUIDValue(c.sopClassUID, mode: mode, pduTypeCode: p, field: "SOP-class-uid")
                }
                try b.writeWithUInt16Length(pduTypeCode: p, field: "Service-class-uid-length") {
                    (b: inout ByteBuffer) throws(UpperLayerError) in
                    try b.writeUIDValue(c.serviceClassUID, mode: mode, pduTypeCode: p, field: "Service-class-uid")
                }
                try b.writeWithUInt16Length(pduTypeCode: p, field: "Related-general-sop-class-identification-length") {
                    (b: inout ByteBuffer) throws(UpperLayerError) in
                    for uid in c.relatedGeneralSOPClassUIDs {
                        try b.writeWithUInt16Length(pduTypeCode: p, field: "Related-general-sop-class-uid-length") {
                            (b: inout ByteBuffer) throws(UpperLayerError) in
                            try b.writeUIDValue(uid, mode: mode, pduTypeCode: p, field: "Related-general-sop-class-uid")
                        }
                    }
                }
            }
        case .userIdentityRQ(let u):
            if strict {
                guard (1...5).contains(u.userIdentityType), !u.primaryField.isEmpty,
                      (u.userIdentityType == 2) == !u.secondaryField.isEmpty, u.positiveResponseRequested <= 1
                else {
                    throw encodingError(p, "User-Identity-Type",
                                        "type must be 1–5 with a primary field, and a secondary field only for type 2 (PS3.7 D.3.3.7.1)")
                }
            }
            try buffer.writeItem(type: itemType, pduTypeCode: p, field: "User-identity-negotiation") {
                (b: inout ByteBuffer) throws(UpperLayerError) in
                b.writeInteger(u.userIdentityType)
                b.writeInteger(u.positiveResponseRequested)
                try b.writeWithUInt16Length(pduTypeCode: p, field: "Primary-field-length") { b in
                    b.writeBytes(u.primaryField)
                }
                try b.writeWithUInt16Length(pduTypeCode: p, field: "Secondary-field-length") { b in
                    b.writeBytes(u.secondaryField)
                }
            }
        case .userIdentityAC(let u):
            try buffer.writeItem(type: itemType, pduTypeCode: p, field: "User-identity-negotiation") {
                (b: inout ByteBuffer) throws(UpperLayerError) in
                try b.writeWithUInt16Length(pduTypeCode: p, field: "Server-response-length") { b in
                    b.writeBytes(u.serverResponse)
                }
            }
        case .unknown(let type, let reserved, let value):
            try buffer.writeItem(type: type, reserved: reserved, pduTypeCode: p, field: "User-information-sub-item") { b in
                b.writeBytes(value)
            }
        }
    }

    /// Decodes one sub-item value (after its 4-byte header). Structural problems throw; odd values become findings.
    static func decode(type: UInt8, reserved: UInt8, headerOffset: Int, value r: inout WireReader,
                       findings f: inout FindingCollector) throws(UpperLayerError) -> UserInformationSubItem {
        switch type {
        case 0x51:
            guard r.remaining == 4 else {
                throw r.error(.invalidParameterValue, "Item-length", "maximum length sub-item must be 4 bytes, is \(r.remaining)", at: headerOffset + 2)
            }
            return .maximumLength(try r.readUInt32("Maximum-length-received"))
        case 0x52:
            let at = r.offset
            return .implementationClassUID(f.uid(r.readRest(), field: "Implementation class UID", offset: at))
        case 0x53:
            guard r.remaining == 4 else {
                throw r.error(.invalidParameterValue, "Item-length", "asynchronous operations window sub-item must be 4 bytes, is \(r.remaining)", at: headerOffset + 2)
            }
            let invoked = try r.readUInt16("Maximum-number-operations-invoked")
            let performed = try r.readUInt16("Maximum-number-operations-performed")
            return .asynchronousOperationsWindow(.init(invoked: invoked, performed: performed))
        case 0x54:
            let length = try r.readUInt16("UID-length")
            let at = r.offset
            let uid = f.uid(try r.readBytes(Int(length), "SOP-class-uid"), field: "Role selection SOP class UID", offset: at)
            let scu = try r.readUInt8("SCU-role")
            let scp = try r.readUInt8("SCP-role")
            guard r.isAtEnd else {
                throw r.error(.invalidParameterValue, "Item-length", "\(r.remaining) byte(s) after the SCP-role field")
            }
            if scu > 1 || scp > 1 {
                f.add(.roleValueInvalid, "role selection for \(uid) has SCU-role \(scu), SCP-role \(scp); only 0 or 1 allowed")
            }
            return .roleSelection(.init(sopClassUID: uid, scuRole: scu, scpRole: scp))
        case 0x55:
            let bytes = r.readRest()
            let name = WireText.string(latin1: bytes)
            if bytes.isEmpty || bytes.count > 16 {
                f.add(.implementationVersionNameLength, "implementation version name \"\(name)\" has \(bytes.count) characters; 1–16 allowed")
            }
            if !bytes.allSatisfy(WireText.isISO646Graphic) {
                f.add(.implementationVersionNameCharacters, "implementation version name \"\(name)\" has characters outside ISO 646")
            }
            return .implementationVersionName(name)
        case 0x56:
            let length = try r.readUInt16("SOP-class-uid-length")
            let at = r.offset
            let uid = f.uid(try r.readBytes(Int(length), "SOP-class-uid"), field: "Extended negotiation SOP class UID", offset: at)
            return .sopClassExtendedNegotiation(.init(sopClassUID: uid, serviceClassApplicationInformation: r.readRest()))
        case 0x57:
            let l1 = try r.readUInt16("SOP-class-uid-length")
            let at1 = r.offset
            let sop = f.uid(try r.readBytes(Int(l1), "SOP-class-uid"), field: "Common extended SOP class UID", offset: at1)
            let l2 = try r.readUInt16("Service-class-uid-length")
            let at2 = r.offset
            let service = f.uid(try r.readBytes(Int(l2), "Service-class-uid"), field: "Service class UID", offset: at2)
            let l3 = try r.readUInt16("Related-general-sop-class-identification-length")
            var list = try r.subReader(Int(l3), "Related-general-sop-class-identification")
            var related: [String] = []
            while !list.isAtEnd {
                let l = try list.readUInt16("Related-general-sop-class-uid-length")
                let at = list.offset
                related.append(f.uid(try list.readBytes(Int(l), "Related-general-sop-class-uid"),
                                     field: "Related general SOP class UID", offset: at))
            }
            guard r.isAtEnd else {
                throw r.error(.invalidParameterValue, "Item-length", "\(r.remaining) byte(s) after the related general SOP class list")
            }
            return .sopClassCommonExtendedNegotiation(.init(sopClassUID: sop, serviceClassUID: service,
                                                            relatedGeneralSOPClassUIDs: related, subItemVersion: reserved))
        case 0x58:
            let kind = try r.readUInt8("User-Identity-Type")
            let response = try r.readUInt8("Positive-response-requested")
            let l1 = try r.readUInt16("Primary-field-length")
            let primary = try r.readBytes(Int(l1), "Primary-field")
            let l2 = try r.readUInt16("Secondary-field-length")
            let secondary = try r.readBytes(Int(l2), "Secondary-field")
            guard r.isAtEnd else {
                throw r.error(.invalidParameterValue, "Item-length", "\(r.remaining) byte(s) after the secondary field")
            }
            if !(1...5).contains(kind) || primary.isEmpty || (kind == 2 && secondary.isEmpty) {
                f.add(.userIdentityInvalid, "user identity type \(kind) with \(primary.count)-byte primary and \(secondary.count)-byte secondary field")
            }
            var item = UserIdentityNegotiationRQ(userIdentityType: kind, positiveResponseRequested: false,
                                                 primaryField: primary, secondaryField: secondary)
            item.positiveResponseRequested = response
            return .userIdentityRQ(item)
        case 0x59:
            let l = try r.readUInt16("Server-response-length")
            let response = try r.readBytes(Int(l), "Server-response")
            guard r.isAtEnd else {
                throw r.error(.invalidParameterValue, "Item-length", "\(r.remaining) byte(s) after the server response")
            }
            return .userIdentityAC(.init(serverResponse: response))
        default:
            f.add(.subItemUnknown, "unknown user information sub-item 0x\(hex(type)) at offset \(headerOffset) (kept)")
            return .unknown(type: type, reserved: reserved, value: r.readRest())
        }
    }
}
