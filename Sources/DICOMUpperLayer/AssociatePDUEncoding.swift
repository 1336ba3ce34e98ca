import NIOCore

extension AssociateFixedFields {
    /// Writes a whole A-ASSOCIATE-RQ or -AC (PS3.8 Tables 9-11 and 9-17), which share everything but their
    /// presentation context items: header, these fixed fields, the application context item, the presentation
    /// context items (written by `presentationContexts`), then the user information item.
    ///
    /// An empty application context name or an empty user information item only arises when decoding a PDU that
    /// lacked the item; such a PDU re-encodes without it (strict mode refuses it before getting here).
    func encodePDU(type: PDUType, applicationContextName: String, userInformation: UserInformation,
                   mode: EncodingMode, into buffer: inout ByteBuffer,
                   presentationContexts: (inout ByteBuffer) throws(UpperLayerError) -> Void) throws(UpperLayerError) {
        let p = type.rawValue
        buffer.writeInteger(p)
        buffer.writeInteger(UInt8(0))
        try buffer.writeWithUInt32Length(pduTypeCode: p, field: "PDU-length") {
            (b: inout ByteBuffer) throws(UpperLayerError) in
            try encode(into: &b, pduTypeCode: p)
            if !applicationContextName.isEmpty || mode == .strict {
                try b.writeItem(type: 0x10, pduTypeCode: p, field: "Application-context-name") {
                    (b: inout ByteBuffer) throws(UpperLayerError) in
                    try b.writeUIDValue(applicationContextName, mode: mode, pduTypeCode: p, field: "Application-context-name")
                }
            }
            try presentationContexts(&b)
            if !userInformation.subItems.isEmpty {
                try userInformation.encode(into: &b, mode: mode, pduTypeCode: p)
            }
        }
    }
}
