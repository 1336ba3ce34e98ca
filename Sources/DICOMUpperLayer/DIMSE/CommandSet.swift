/// A DIMSE command set: the group 0000 elements of one message (PS3.7 §6.3.1, §9.3, Annex E).
///
/// Elements are kept in order and unknown ones are kept too, so that a decoded command re-encodes unchanged.
/// Command Group Length (0000,0000) is not stored: `encode` computes it (PS3.7 §6.3.1: it shall be present
/// and equal the number of bytes of all following command elements); a decoded value is kept in
/// `declaredGroupLength` so that a mismatch can be reported.
public struct CommandSet: Hashable, Sendable {
    /// Elements other than Command Group Length, in wire order (ascending after `set`).
    public private(set) var elements: [CommandElement]
    /// The (0000,0000) value the peer sent, if any.
    public var declaredGroupLength: UInt32?

    public init(elements: [CommandElement] = [], declaredGroupLength: UInt32? = nil) {
        self.elements = elements.filter { $0.tag != .commandGroupLength }
        self.declaredGroupLength = declaredGroupLength
    }

    /// `elements` already without Command Group Length (the decoder leaves it out as it reads).
    init(filteredElements elements: [CommandElement], declaredGroupLength: UInt32?) {
        self.elements = elements
        self.declaredGroupLength = declaredGroupLength
    }

    /// Room for `count` elements, so that building a command set element by element allocates once.
    mutating func reserveCapacity(_ count: Int) {
        elements.reserveCapacity(count)
    }

    // MARK: raw access

    /// The raw value of `tag`, or nil if absent.
    public subscript(tag: CommandTag) -> [UInt8]? {
        elements.first { $0.tag == tag }?.value
    }

    /// Sets (or replaces) an element's raw value, keeping elements in ascending tag order (PS3.5 §7.1).
    /// Command Group Length is ignored: it is computed on encode.
    public mutating func set(_ tag: CommandTag, raw value: [UInt8]) {
        guard tag != .commandGroupLength else { return }
        if let index = elements.firstIndex(where: { $0.tag == tag }) {
            elements[index].value = value
        } else {
            let index = elements.firstIndex { $0.tag > tag } ?? elements.endIndex
            elements.insert(CommandElement(tag: tag, value: value), at: index)
        }
    }

    public mutating func remove(_ tag: CommandTag) {
        elements.removeAll { $0.tag == tag }
    }

    public func contains(_ tag: CommandTag) -> Bool { elements.contains { $0.tag == tag } }

    // MARK: typed access

    /// A US value; nil if absent. Throws when present with a length other than 2.
    public func uint16(_ tag: CommandTag) throws(CommandSetError) -> UInt16? {
        guard let value = self[tag] else { return nil }
        guard value.count == 2 else { throw .invalidValueLength(tag: tag, length: value.count, expected: 2) }
        return UInt16(value[0]) | UInt16(value[1]) << 8
    }

    /// A UL value; nil if absent. Throws when present with a length other than 4.
    public func uint32(_ tag: CommandTag) throws(CommandSetError) -> UInt32? {
        guard let value = self[tag] else { return nil }
        guard value.count == 4 else { throw .invalidValueLength(tag: tag, length: value.count, expected: 4) }
        return value.reversed().reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
    }

    /// An AT value (group, element); nil if absent. Throws when present with a length other than 4.
    public func attributeTag(_ tag: CommandTag) throws(CommandSetError) -> UInt32? {
        guard let value = self[tag] else { return nil }
        guard value.count == 4 else { throw .invalidValueLength(tag: tag, length: value.count, expected: 4) }
        let group = UInt32(value[0]) | UInt32(value[1]) << 8
        let element = UInt32(value[2]) | UInt32(value[3]) << 8
        return group << 16 | element
    }

    /// A text value (UI, AE, LO, SH) with trailing NUL/space padding and leading spaces removed (PS3.5 §6.2:
    /// UI pads with NUL, AE/LO/SH with space; leading spaces of AE are not significant). Bytes are read as
    /// ISO 646 / Latin-1 so that any byte sequence yields a string.
    public func string(_ tag: CommandTag) -> String? {
        guard let value = self[tag] else { return nil }
        var end = value.endIndex
        while end > value.startIndex, value[end - 1] == 0 || value[end - 1] == 0x20 { end -= 1 }
        var start = value.startIndex
        while start < end, value[start] == 0x20 { start += 1 }
        let text = value[start..<end]
        // UIDs and AE titles are ASCII, where ISO 646 and UTF-8 agree: one validated copy, no scalar array (this
        // was the costliest step of answering a C-ECHO).
        if text.allSatisfy({ $0 < 0x80 }) { return String(decoding: text, as: UTF8.self) }
        var latin1 = ""
        latin1.unicodeScalars.append(contentsOf: text.lazy.map { Unicode.Scalar($0) })
        return latin1
    }

    public mutating func set(_ tag: CommandTag, uint16 value: UInt16) {
        set(tag, raw: [UInt8(truncatingIfNeeded: value), UInt8(truncatingIfNeeded: value >> 8)])
    }

    public mutating func set(_ tag: CommandTag, uint32 value: UInt32) {
        set(tag, raw: (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) })
    }

    /// Sets an AT value from a (group << 16 | element) tag.
    public mutating func set(_ tag: CommandTag, attributeTag value: UInt32) {
        let group = UInt16(truncatingIfNeeded: value >> 16), element = UInt16(truncatingIfNeeded: value)
        set(tag, raw: [UInt8(truncatingIfNeeded: group), UInt8(truncatingIfNeeded: group >> 8),
                       UInt8(truncatingIfNeeded: element), UInt8(truncatingIfNeeded: element >> 8)])
    }

    /// Sets a UID, padded with one NUL to even length (PS3.5 §9.1).
    public mutating func set(_ tag: CommandTag, uid: String) {
        var bytes = Array(uid.utf8)
        if bytes.count % 2 == 1 { bytes.append(0x00) }
        set(tag, raw: bytes)
    }

    /// Sets a text value (AE, LO, SH), padded with one space to even length (PS3.5 §6.2).
    public mutating func set(_ tag: CommandTag, text: String) {
        var bytes = Array(text.utf8)
        if bytes.count % 2 == 1 { bytes.append(0x20) }
        set(tag, raw: bytes)
    }
}
