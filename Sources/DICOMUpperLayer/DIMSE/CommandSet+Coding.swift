import NIOCore

extension CommandSet {
    /// Encodes the command set, Implicit VR Little Endian (PS3.7 §6.3.1), with Command Group Length
    /// (0000,0000) first, computed over all following elements. Elements are written in ascending tag order;
    /// odd-length values are padded to even length (UI with NUL, others with space, PS3.5 §7.1.1).
    public func encode(into buffer: inout ByteBuffer) {
        // Kept in tag order by `set` and as decoded from a conforming peer: sorted (a copy) only when not.
        let sorted = elements.isSortedByTag ? elements : elements.sorted { $0.tag < $1.tag }
        let groupLength = sorted.reduce(0) { $0 + 8 + paddedLength($1) }
        buffer.reserveCapacity(minimumWritableBytes: 12 + groupLength)
        writeHeader(.commandGroupLength, length: 4, into: &buffer)
        buffer.writeInteger(UInt32(truncatingIfNeeded: groupLength), endianness: .little)
        for element in sorted {
            writeHeader(element.tag, length: paddedLength(element), into: &buffer)
            buffer.writeBytes(element.value)
            if element.value.count % 2 == 1 {
                buffer.writeInteger(element.tag.dictionaryEntry?.vr == "UI" ? UInt8(0x00) : UInt8(0x20))
            }
        }
    }

    /// The encoded bytes as a new buffer.
    public func encoded(allocator: ByteBufferAllocator = ByteBufferAllocator()) -> ByteBuffer {
        var buffer = allocator.buffer(capacity: 256)
        encode(into: &buffer)
        return buffer
    }

    /// Decodes a complete command set (all of `buffer`'s readable bytes), Implicit VR Little Endian.
    ///
    /// Tolerant of what real peers send: unknown and retired elements are kept; odd lengths are kept as sent;
    /// a wrong or missing Command Group Length is kept in `declaredGroupLength` rather than rejected. Any
    /// truncation, an undefined length, or an element outside group 0000 is a typed error — never a trap,
    /// never an allocation larger than the input.
    public init(decoding buffer: ByteBuffer) throws(CommandSetError) {
        var elements: [CommandElement] = []
        elements.reserveCapacity(8)  // a request or response has 5-9 elements (PS3.7 §9.3, §10.3)
        var declaredGroupLength: UInt32?
        var offset = 0
        let view = buffer.readableBytesView
        let total = view.count
        while offset < total {
            let remaining = total - offset
            guard remaining >= 8 else { throw .truncatedElementHeader(offset: offset, remaining: remaining) }
            let base = view.startIndex + offset
            let group = UInt16(view[base]) | UInt16(view[base + 1]) << 8
            let element = UInt16(view[base + 2]) | UInt16(view[base + 3]) << 8
            var length: UInt32 = 0
            for index in (0..<4).reversed() { length = length << 8 | UInt32(view[base + 4 + index]) }
            let tag = CommandTag(group: group, element: element)
            guard group == 0x0000 else { throw .elementOutsideCommandGroup(tag: tag, offset: offset) }
            guard length != 0xFFFF_FFFF else { throw .undefinedLength(tag: tag, offset: offset) }
            guard UInt64(length) <= UInt64(remaining - 8) else {
                throw .truncatedValue(tag: tag, offset: offset, declaredLength: length, remaining: remaining - 8)
            }
            let valueStart = base + 8, valueEnd = valueStart + Int(length)
            let value = Array(view[valueStart..<valueEnd])
            if tag == .commandGroupLength {
                if value.count == 4 {
                    declaredGroupLength = value.reversed().reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
                }
            } else {
                elements.append(CommandElement(tag: tag, value: value))
            }
            offset += 8 + Int(length)
        }
        self.init(filteredElements: elements, declaredGroupLength: declaredGroupLength)
    }

    /// Bytes the elements after (0000,0000) occupy once encoded: what Command Group Length must say.
    public var computedGroupLength: Int {
        elements.reduce(0) { $0 + 8 + paddedLength($1) }
    }

    /// False when the peer's Command Group Length disagrees with the elements it sent; nil if it sent none.
    /// Compared with the elements as received (odd lengths unpadded).
    public var groupLengthMatches: Bool? {
        let received = elements.reduce(0) { $0 + 8 + $1.value.count }
        return declaredGroupLength.map { Int($0) == received }
    }

    private func paddedLength(_ element: CommandElement) -> Int {
        element.value.count + element.value.count % 2
    }

    private func writeHeader(_ tag: CommandTag, length: Int, into buffer: inout ByteBuffer) {
        buffer.writeInteger(tag.group, endianness: .little)
        buffer.writeInteger(tag.element, endianness: .little)
        buffer.writeInteger(UInt32(truncatingIfNeeded: length), endianness: .little)
    }
}
