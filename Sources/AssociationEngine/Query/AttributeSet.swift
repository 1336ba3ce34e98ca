import DICOMDataSet

/// A data set as nested attributes (PS3.5 §7.5): each element's VR and value, a sequence's items as data sets of
/// their own. Built from what `DataSetReader` listed; what a query identifier, a stored instance's indexed
/// attributes and a worklist entry all are (PS3.4 C.2.2, C.4.1.1.3, K.6.1.2).
///
/// Numbers are kept little endian whatever the encoding they were read in, so values compare and re-encode alike.
struct AttributeSet: Sendable, Equatable {
    var values: [DICOMTag: AttributeValue] = [:]

    init(values: [DICOMTag: AttributeValue] = [:]) {
        self.values = values
    }

    subscript(tag: DICOMTag) -> AttributeValue? {
        get { values[tag] }
        set { values[tag] = newValue }
    }

    /// The tags in ascending order (PS3.5 §7.1: the order elements are encoded in).
    var tags: [DICOMTag] { values.keys.sorted() }

    /// Specific Character Set (0008,0005) of this data set, the default repertoire when absent.
    var specificCharacterSet: SpecificCharacterSet {
        values[.specificCharacterSet].map { SpecificCharacterSet(value: $0.bytes) } ?? .default
    }

    /// The tree of the top-level data set the reader listed, `keep` deciding which top-level attributes are
    /// kept (a sequence is kept with all its items).
    init(elements: [DataElement], keep: (DICOMTag) -> Bool = { _ in true }) {
        var index = 0
        self = Self.build(elements, &index, depth: 0, keep: keep)
    }

    private static func build(_ elements: [DataElement], _ index: inout Int, depth: Int,
                              keep: (DICOMTag) -> Bool) -> AttributeSet {
        var set = AttributeSet()
        while index < elements.count {
            let element = elements[index]
            if element.depth < depth { break }
            switch element.kind {
            case .item:
                // The next item of the enclosing sequence starts: this one is complete.
                if element.depth == depth, depth > 0 { return set }
                index += 1
            case .itemDelimitation:
                index += 1
                if element.depth == depth { return set }
            case .sequenceDelimitation:
                index += 1
            case .element:
                index += 1
                guard element.depth == depth else { continue }
                if element.vr == .SQ {
                    var items: [AttributeSet] = []
                    while index < elements.count, elements[index].kind == .item, elements[index].depth == depth + 1 {
                        index += 1
                        items.append(build(elements, &index, depth: depth + 1, keep: { _ in true }))
                    }
                    if index < elements.count, elements[index].kind == .sequenceDelimitation,
                       elements[index].depth == depth {
                        index += 1
                    }
                    if depth > 0 || keep(element.tag) {
                        set[element.tag] = AttributeValue(vr: .SQ, bytes: [], items: items)
                    }
                } else if depth > 0 || keep(element.tag) {
                    set[element.tag] = AttributeValue(element)
                }
            }
        }
        return set
    }
}

/// One attribute's value: its VR and value bytes (numbers little endian), or a sequence's items.
struct AttributeValue: Sendable, Equatable {
    var vr: ValueRepresentation
    var bytes: [UInt8]
    /// The items of a sequence (SQ); nil for other VRs.
    var items: [AttributeSet]?
    /// False when the reader skipped the value (longer than its bound): it cannot be matched or returned.
    var isComplete = true

    init(vr: ValueRepresentation, bytes: [UInt8], items: [AttributeSet]? = nil, isComplete: Bool = true) {
        self.vr = vr
        self.bytes = bytes
        self.items = items
        self.isComplete = isComplete
    }

    init(_ element: DataElement) {
        vr = element.vr ?? .UN
        isComplete = element.value != nil || element.length == 0
        var bytes = element.value ?? []
        if element.isBigEndian, let width = Self.numberWidth(vr) {
            var index = 0
            while index + width <= bytes.count {
                bytes[index..<index + width].reverse()
                index += width
            }
        }
        self.bytes = bytes
    }

    /// An empty value of `vr` (zero length; a sequence without items).
    static func empty(_ vr: ValueRepresentation) -> AttributeValue {
        AttributeValue(vr: vr, bytes: [], items: vr == .SQ ? [] : nil)
    }

    /// Zero length, or a sequence without items or with one empty item.
    var isEmpty: Bool {
        if let items { return items.isEmpty || (items.count == 1 && items[0].values.isEmpty) }
        return bytes.isEmpty
    }

    /// The byte width of one number of a binary VR whose byte order follows the transfer syntax (PS3.5 §7.3);
    /// AT is two 16-bit numbers.
    static func numberWidth(_ vr: ValueRepresentation) -> Int? {
        switch vr {
        case .US, .SS, .AT, .OW: 2
        case .UL, .SL, .FL, .OF, .OL: 4
        case .FD, .OD, .SV, .UV, .OV: 8
        default: nil
        }
    }

    /// The value as text: a string VR decoded in `characterSet` (PS3.5 §6.1.2.3; the default repertoire for the
    /// VRs that do not use it), numbers in decimal, other binary values as hexadecimal bytes.
    func text(characterSet: SpecificCharacterSet) -> Result<String, CharacterSetDecodingError> {
        var trimmed = bytes
        if vr.isString {
            while let last = trimmed.last, last == 0x20 || last == 0 { trimmed.removeLast() }
            if vr.usesSpecificCharacterSet {
                return characterSet.decode(trimmed, isPersonName: vr == .PN)
            }
            return .success(String(decoding: trimmed, as: UTF8.self))
        }
        switch vr {
        case .US, .UL:
            let width = vr == .US ? 2 : 4
            var numbers: [String] = []
            var index = 0
            while index + width <= bytes.count {
                var number: UInt32 = 0
                for position in (0..<width).reversed() { number = number << 8 | UInt32(bytes[index + position]) }
                numbers.append(String(number))
                index += width
            }
            return .success(numbers.joined(separator: "\\"))
        default:
            let hex = bytes.prefix(32).map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16)
                                                                              : String($0, radix: 16) }
            return .success(hex.joined() + (bytes.count > 32 ? "…" : ""))
        }
    }
}
