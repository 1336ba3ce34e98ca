import AssociationEvents
import DICOMDataSet
import DICOMUpperLayer

/// The `elements` of a received message's `dimse` event: its command set, then what the data set reader listed of
/// its data set (the bounded prefix it read anyway; Pixel Data is one entry with its length, never read). Values
/// are formatted once here so that the front and the JSON lines show the same text.
enum MessageElements {
    /// The command set (PS3.7 §6.3.1: Implicit VR Little Endian, VRs from PS3.7 Table E.1-1), Command Group
    /// Length first as the peer sent it, and the data set's entries, at most `DIMSEMessage.maximumElements` in
    /// all; how many more were read is `notListed`.
    static func list(command: CommandSet, dataSet reader: DataSetReader?)
        -> (elements: [MessageElement], notListed: Int?) {
        var elements: [MessageElement] = []
        if let length = command.declaredGroupLength {
            elements.append(MessageElement(part: .command, depth: 0, tag: CommandTag.commandGroupLength.description,
                                           keyword: "CommandGroupLength", vr: "UL", length: 4, value: "\(length)"))
        }
        for element in command.elements {
            let entry = element.tag.dictionaryEntry
            let vr = entry.flatMap { ValueRepresentation(rawValue: $0.vr) } ?? .UN
            let data = DataElement(tag: DICOMTag(element.tag.rawValue), vr: vr,
                                   length: UInt32(truncatingIfNeeded: element.value.count), depth: 0, offset: 0,
                                   value: element.value)
            elements.append(MessageElement(part: .command, depth: 0, tag: element.tag.description,
                                           keyword: entry?.keyword, vr: vr.rawValue, length: element.value.count,
                                           value: data.valueText(characterSet: .default)))
        }
        guard let reader else { return (elements, nil) }
        let charsets = SpecificCharacterSet.scopes(of: reader.elements)
        let room = max(0, DIMSEMessage.maximumElements - elements.count)
        for (element, charset) in zip(reader.elements.prefix(room), charsets) {
            elements.append(entry(element, charset: charset))
        }
        let notListed = reader.elements.count - min(room, reader.elements.count)
        return (elements, notListed > 0 ? notListed : nil)
    }

    /// The PS3.6 keyword, or "PrivateCreator" for a private creator element (PS3.5 §7.8.1).
    private static func keyword(_ tag: DICOMTag) -> String? {
        tag.isPrivateCreator ? "PrivateCreator" : TagDictionary.keyword(for: tag)
    }

    /// One data set entry; text in the Specific Character Set (0008,0005) of its data set or item.
    private static func entry(_ element: DataElement, charset: SpecificCharacterSet) -> MessageElement {
        let kind: MessageElement.Kind
        switch element.kind {
        case .element: kind = .element
        case .item: kind = .item
        case .itemDelimitation: kind = .itemDelimitation
        case .sequenceDelimitation: kind = .sequenceDelimitation
        }
        // The reader counts sequences; the tree puts an item one level below its sequence and the item's
        // elements one below the item, as PS3.5 §7.5 nests them (and as dcmdump indents them).
        let depth = kind == .item || kind == .itemDelimitation ? 2 * element.depth - 1 : 2 * element.depth
        return MessageElement(
            part: .dataSet, kind: kind, depth: max(0, depth), tag: element.tag.description,
            keyword: kind == .element ? keyword(element.tag) : nil, vr: element.vr?.rawValue,
            length: element.isUndefinedLength ? nil : Int(element.length),
            value: element.valueText(characterSet: charset))
    }
}
