import NIOCore

extension UserInformation {
    /// Writes item 0x50 with its sub-items in stored order.
    func encode(into buffer: inout ByteBuffer, mode: EncodingMode, pduTypeCode p: UInt8) throws(UpperLayerError) {
        try buffer.writeItem(type: 0x50, pduTypeCode: p, field: "User-information-item") {
            (b: inout ByteBuffer) throws(UpperLayerError) in
            for item in subItems { try item.encode(into: &b, mode: mode, pduTypeCode: p) }
        }
    }

    /// Sub-items that may appear once in a user information item (PS3.7 D.3.3): maximum length, implementation
    /// class UID, asynchronous operations window, implementation version name, user identity RQ and AC.
    private static let singleSubItems: ByteSet = {
        var set = ByteSet()
        for type: UInt8 in [0x51, 0x52, 0x53, 0x55, 0x58, 0x59] { set.insert(type) }
        return set
    }()

    /// Decodes the value of item 0x50 and reports duplicates and RQ/AC-misplaced sub-items.
    static func decode(value r: inout WireReader, in pdu: PDUType, findings f: inout FindingCollector)
        throws(UpperLayerError) -> UserInformation
    {
        var items: [UserInformationSubItem] = []
        var seen = ByteSet()
        var roleClasses = Set<String>()
        while !r.isAtEnd {
            let headerOffset = r.offset
            let type = try r.readUInt8("Item-type")
            let reserved = try r.readUInt8("Reserved")
            let length = try r.readUInt16("Item-length")
            var value = try r.subReader(Int(length), "User-information-sub-item")
            let item = try UserInformationSubItem.decode(type: type, reserved: reserved, headerOffset: headerOffset,
                                                         value: &value, findings: &f)
            if reserved != 0, type != 0x57, !item.isUnknown {
                f.add(.reservedNonZero, "reserved byte of sub-item 0x\(hex(type)) at offset \(headerOffset + 1) is \(reserved)")
            }
            if Self.singleSubItems.contains(type), !seen.insert(type) {
                f.add(.subItemDuplicate, "user information sub-item 0x\(hex(type)) appears more than once")
            }
            if case .roleSelection(let role) = item, !roleClasses.insert(role.sopClassUID).inserted {
                f.add(.roleSelectionDuplicate, "two role selection items for \(role.sopClassUID)")
            }
            if (pdu == .associateRQ && type == 0x59) || (pdu == .associateAC && (type == 0x58 || type == 0x57)) {
                f.add(.subItemUnexpected, "sub-item 0x\(hex(type)) does not belong in an \(pdu)")
            }
            items.append(item)
        }
        let info = UserInformation(subItems: items)
        if info.maximumLength == nil {
            f.add(.maximumLengthMissing, "no maximum length sub-item (PS3.8 D.1 makes it mandatory)")
        } else if info.maximumLength == 0 {
            f.add(.maximumLengthZero, "maximum length 0 (unlimited): never answer with 0, cap what we send")
        }
        if info.implementationClassUID == nil {
            f.add(.implementationClassUIDMissing, "no implementation class UID sub-item (PS3.7 D.3.3.2 makes it mandatory)")
        }
        if let w = info.asynchronousOperationsWindow, w.maximumNumberOperationsInvoked == 0,
           w.maximumNumberOperationsPerformed == 0 {
            f.add(.asynchronousWindowUnlimited, "asynchronous operations window 0/0 (unlimited both ways)")
        }
        return info
    }
}

func hex(_ b: UInt8) -> String {
    let digits = Array("0123456789ABCDEF")
    return String([digits[Int(b >> 4)], digits[Int(b & 0x0F)]])
}
