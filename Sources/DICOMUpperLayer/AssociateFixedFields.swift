import NIOCore

/// The 68-byte fixed part shared by A-ASSOCIATE-RQ and -AC (PS3.8 Tables 9-11 and 9-17, bytes 7–74).
struct AssociateFixedFields {
    var protocolVersion: UInt16
    var reserved9to10: UInt16
    var calledAETitleField: [UInt8]
    var callingAETitleField: [UInt8]
    var reservedField: [UInt8]

    static let length = 68

    func encode(into buffer: inout ByteBuffer, pduTypeCode p: UInt8) throws(UpperLayerError) {
        guard calledAETitleField.count == 16, callingAETitleField.count == 16 else {
            throw encodingError(p, "Called-AE-title/Calling-AE-title",
                                "AE title fields must be 16 bytes; an AE title has at most 16 characters")
        }
        guard reservedField.count == 32 else {
            throw encodingError(p, "Reserved", "bytes 43–74 must be exactly 32 bytes")
        }
        buffer.writeInteger(protocolVersion, endianness: .big)
        buffer.writeInteger(reserved9to10, endianness: .big)
        buffer.writeBytes(calledAETitleField)
        buffer.writeBytes(callingAETitleField)
        buffer.writeBytes(reservedField)
    }

    static func decode(_ r: inout WireReader) throws(UpperLayerError) -> AssociateFixedFields {
        guard r.remaining >= length else {
            throw r.error(.invalidParameterValue, "PDU-length",
                          "an A-ASSOCIATE PDU needs at least 68 bytes after the header, has \(r.remaining)", at: 2)
        }
        return AssociateFixedFields(
            protocolVersion: try r.readUInt16("Protocol-version"),
            reserved9to10: try r.readUInt16("Reserved"),
            calledAETitleField: try r.readBytes(16, "Called-AE-title"),
            callingAETitleField: try r.readBytes(16, "Calling-AE-title"),
            reservedField: try r.readBytes(32, "Reserved"))
    }
}

/// Reads the variable items of an A-ASSOCIATE PDU: item type, reserved, 16-bit length, value.
struct AssociateItemHeader {
    var type: UInt8
    var reserved: UInt8
    var offset: Int
    var value: WireReader

    static func next(_ r: inout WireReader) throws(UpperLayerError) -> AssociateItemHeader {
        let offset = r.offset
        let type = try r.readUInt8("Item-type")
        let reserved = try r.readUInt8("Reserved")
        let length = try r.readUInt16("Item-length")
        let value = try r.subReader(Int(length), itemName(type))
        return AssociateItemHeader(type: type, reserved: reserved, offset: offset, value: value)
    }

    static func itemName(_ type: UInt8) -> String {
        switch type {
        case 0x10: "Application-context-item"
        case 0x20, 0x21: "Presentation-context-item"
        case 0x50: "User-information-item"
        default: "Item-0x\(hex(type))"
        }
    }
}
