extension DataSetReader {
    /// A Group Length (gggg,0000) read, and where its group's elements start (PS3.5 §7.2: its value is the number
    /// of bytes of the group's elements that follow it, headers included, in the same data set or item).
    struct OpenGroupLength {
        var group: UInt16
        var declared: UInt32
        var start: Int
        /// `containers.count` when it was read: the data set (0) or the item it belongs to.
        var level: Int
    }

    /// What an element's header shows, noted once per element: a VR that PS3.5 §6.2 does not define, a VR that
    /// contradicts the data dictionary (explicit VR only, PS3.5 §7.1.2 and PS3.6 §6), an odd Value Length
    /// (PS3.5 §7.1.1), and the end of a group whose Group Length was read.
    mutating func noteHeader(_ tag: DICOMTag, vr: ValueRepresentation, length: UInt32, unknownVR: String?,
                             explicit: Bool, at: Int) {
        groupElementArrived(tag, at: at)
        if let unknownVR {
            findings.append(DataSetFinding(.unknownVR, "\(tag) has VR \"\(unknownVR)\", not one of PS3.5 §6.2"))
        } else if explicit {
            checkVR(vr, of: tag)
        }
        if length != DataElement.undefinedLength, length % 2 == 1 {
            findings.append(DataSetFinding(.oddValueLength,
                "\(tag) \(vr.rawValue) has odd value length \(length) (PS3.5 §7.1.1: even)"))
        }
    }

    /// An explicit VR that is none of those PS3.6 gives the tag. The dictionary's alternatives ("US or SS", "OB or
    /// OW", "US or SS or OW") are all allowed; UN is allowed for any tag (PS3.5 §6.2.2: a VR the sender did not
    /// know); private elements, group lengths and tags the dictionary does not list are not checked.
    mutating func checkVR(_ vr: ValueRepresentation, of tag: DICOMTag) {
        guard vr != .UN, !tag.isPrivate, !tag.isGroupLength, let allowed = TagDictionary.allowedVRs(for: tag),
              !allowed.isEmpty, !allowed.contains(vr), let entry = TagDictionary.entry(for: tag) else { return }
        findings.append(DataSetFinding(.vrMismatch,
            "\(tag) \(entry.keyword) has VR \(vr.rawValue); PS3.6 gives \(entry.vr)"))
    }

    /// A Group Length element's value: the group it announces starts after it.
    mutating func groupLengthRead(_ element: DataElement, endingAt end: Int) {
        guard element.vr == .UL, let declared = element.unsignedIntegers.first,
              element.value?.count == 4 else { return }
        openGroupLengths.removeAll { $0.level >= containers.count }
        openGroupLengths.append(OpenGroupLength(group: element.tag.group, declared: declared, start: end,
                                                level: containers.count))
    }

    /// An element of `tag` starts at `at`: a group announced at this level ends there when `tag` is of another
    /// group.
    mutating func groupElementArrived(_ tag: DICOMTag, at: Int) {
        endGroups(deeperThan: containers.count, at: at)
        if let last = openGroupLengths.last, last.level == containers.count, last.group != tag.group {
            openGroupLengths.removeLast()
            compare(last, end: at)
        }
    }

    /// The data set or an item ended at `at`: the groups announced in it (read when more than `level` containers
    /// were open) end there too. -1 ends every group.
    mutating func endGroups(deeperThan level: Int, at: Int) {
        while let last = openGroupLengths.last, last.level > level {
            openGroupLengths.removeLast()
            compare(last, end: at)
        }
    }

    private mutating func compare(_ group: OpenGroupLength, end: Int) {
        let encoded = end - group.start
        guard encoded != Int(group.declared) else { return }
        let tag = DICOMTag(group.group, 0x0000)
        findings.append(DataSetFinding(.groupLengthMismatch,
            "\(tag) Group Length is \(group.declared) but group \(DICOMTag.hex(group.group)) has \(encoded) bytes"
                + " (PS3.5 §7.2)"))
    }
}
