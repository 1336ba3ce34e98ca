import NIOCore

/// Reads a data set (PS3.5 §7) as its bytes stream in, e.g. PDV fragments of a C-STORE-RQ (PS3.8 Annex E), up to
/// a bounded prefix. Feed chunks with `append`; each call lists the elements that became complete. Values longer
/// than `maximumValueLength` and Pixel Data are skipped as they pass, never buffered, so memory stays at one
/// element whatever the data set's size.
///
/// Every byte sequence yields elements, findings and at worst a `DataSetReaderError` in `state`: never a trap.
public struct DataSetReader {
    public enum State: Sendable, Equatable {
        case reading
        /// Stopped at a top-level Pixel Data (7FE0,0010), with `stopsAtPixelData`.
        case reachedPixelData
        /// Stopped at `prefixBytes` or `maximumElements`.
        case reachedLimit
        /// The data set was not decoded (e.g. deflated).
        case notDecoded
        /// `finish()` was called with everything consumed.
        case finished
        case failed(DataSetReaderError)

        public var isReading: Bool { self == .reading }
    }

    /// The encoding of the negotiated transfer syntax.
    public let negotiated: DataSetEncoding
    /// The encoding the bytes are read in: the negotiated one, or the one the first element shows when they differ.
    public private(set) var encoding: DataSetEncoding?
    public let limits: DataSetReaderLimits
    public private(set) var elements: [DataElement] = []
    public internal(set) var findings: [DataSetFinding] = []
    public private(set) var state: State = .reading

    /// Bytes received and not consumed. Between calls, at most one element's header and kept value, in a buffer of
    /// its own (`pendingIsOwned`): the caller's chunk is read in place, never kept.
    var pending = ByteBuffer()
    private var pendingIsOwned = false
    /// Offset in the data set of `pending`'s first byte.
    private var offset = 0
    /// Bytes of a skipped value still to come.
    private var skipRemaining = 0
    var containers: [Container] = []
    private var sequenceDepth = 0
    /// Pixel Representation (0028,0103) once read: it decides "US or SS" in implicit VR.
    private var pixelRepresentation: UInt32?
    /// Group Length elements (gggg,0000) whose group is still being read, innermost container last.
    var openGroupLengths: [OpenGroupLength] = []
    /// Offset of the last element whose header findings were noted (its value may arrive in a later chunk).
    private var notedHeaderAt = -1

    struct Container {
        enum Kind { case sequence, item, fragments }
        var kind: Kind
        var tag: DICOMTag
        /// Offset just past the container, or nil for undefined length.
        var end: Int?
        var encoding: DataSetEncoding
    }

    public init(transferSyntax encoding: DataSetEncoding, limits: DataSetReaderLimits = DataSetReaderLimits()) {
        self.negotiated = encoding
        self.limits = limits
        if encoding == .deflatedExplicitVRLittleEndian {
            inflater = DeflatedStream()
            if inflater == nil {
                findings.append(DataSetFinding(.deflatedNotDecoded,
                    "Deflated Explicit VR Little Endian data set: zlib could not start inflating, so not read"))
                state = .notDecoded
            }
        }
    }

    /// The inflater of a Deflated Explicit VR Little Endian data set.
    private var inflater: DeflatedStream?

    /// The transfer syntax encoding the data set was read in: the negotiated one (Deflated included), or the one
    /// the first element showed when that differs.
    public var encodingRead: DataSetEncoding {
        guard let encoding, encoding != expected else { return negotiated }
        return encoding
    }

    /// The encoding of the bytes the parser sees: a deflated data set inflates to Explicit VR Little Endian.
    var expected: DataSetEncoding {
        negotiated == .deflatedExplicitVRLittleEndian ? .explicitVRLittleEndian : negotiated
    }

    /// Bytes of the data set consumed so far (the prefix read; inflated bytes for a deflated data set).
    public var bytesRead: Int { offset }

    /// Consumes `chunk`: lists every element it completes. A no-op once reading stopped.
    public mutating func append(_ chunk: ByteBuffer) {
        guard state.isReading, chunk.readableBytes > 0 else { return }
        guard let inflater else { return feed(chunk) }
        let error = inflater.inflate(chunk) { piece in
            feed(piece)
            return state.isReading
        }
        if let error, state.isReading {
            fail(.corruptDeflate("\(error)"), tag: nil)
        }
    }

    private mutating func feed(_ chunk: ByteBuffer) {
        guard state.isReading, chunk.readableBytes > 0 else { return }
        var chunk = chunk
        if pending.readableBytes == 0, skipRemaining > 0 {
            let skipped = min(skipRemaining, chunk.readableBytes)
            chunk.moveReaderIndex(forwardBy: skipped)
            skipRemaining -= skipped
            offset += skipped
        }
        guard chunk.readableBytes > 0 else { return }
        if pending.readableBytes == 0 {
            pending = chunk
            pendingIsOwned = false
        } else {
            pending.writeImmutableBuffer(chunk)
        }
        parse()
        if pending.readableBytes == 0 || !state.isReading {
            pending = ByteBuffer()
            pendingIsOwned = false
        } else if !pendingIsOwned {
            // The rest of an element: copied out of the caller's chunk, so the chunk's storage is not retained.
            var owned = ByteBufferAllocator().buffer(capacity: max(pending.readableBytes, 256))
            owned.writeImmutableBuffer(pending)
            pending = owned
            pendingIsOwned = true
        } else if pending.readerIndex > 4096 {
            pending.discardReadBytes()
        }
    }

    /// Convenience for tests and tools: feeds `bytes` in one chunk.
    public mutating func append(_ bytes: [UInt8]) {
        append(ByteBuffer(bytes: bytes))
    }

    /// The data set ended (last fragment received): an element or sequence still open is a truncation.
    public mutating func finish() {
        guard state.isReading else { return }
        closeEndedContainers()
        if pending.readableBytes > 0 || skipRemaining > 0 || containers.contains(where: { $0.end != nil }) {
            fail(.truncated, tag: nil)
            return
        }
        endGroups(deeperThan: -1, at: offset)
        if !containers.isEmpty {
            findings.append(DataSetFinding(.misplacedDelimiter,
                "the data set ends with \(containers.count) sequence or item of undefined length not delimited"))
        }
        state = .finished
    }

    // MARK: - Parsing

    private var currentEncoding: DataSetEncoding {
        containers.last?.encoding ?? encoding ?? expected
    }

    private mutating func parse() {
        while state.isReading {
            if skipRemaining > 0 {
                let skipped = min(skipRemaining, pending.readableBytes)
                consume(skipped)
                skipRemaining -= skipped
                if skipRemaining > 0 { return }
            }
            closeEndedContainers()
            if offset >= limits.prefixBytes || elements.count >= limits.maximumElements {
                stop(limit: offset >= limits.prefixBytes
                     ? "the first \(limits.prefixBytes) bytes were read" : "\(elements.count) entries were read")
                return
            }
            guard pending.readableBytes >= 8 else { return }
            if encoding == nil { encoding = detectEncoding() }
            let encoding = currentEncoding
            guard let tag = readTag(encoding) else { return }
            if tag.group == 0xFFFE {
                delimiterArrived(tag, encoding: encoding)
                continue
            }
            if let top = containers.last, top.kind != .item {
                return fail(.elementOutsideItem, tag: tag)
            }
            guard readElement(tag, encoding: encoding) else { return }
        }
    }

    private mutating func stop(limit why: String) {
        findings.append(DataSetFinding(.prefixLimit, "reading stopped before the end of the data set: \(why)"))
        state = .reachedLimit
    }

    private mutating func fail(_ reason: DataSetReaderError.Reason, tag: DICOMTag?) {
        let error = DataSetReaderError(reason, tag: tag, offset: offset)
        findings.append(DataSetFinding(.malformed, error.description))
        state = .failed(error)
    }

    private mutating func consume(_ count: Int) {
        pending.moveReaderIndex(forwardBy: count)
        offset += count
    }

    private mutating func closeEndedContainers() {
        while let last = containers.last, let end = last.end, offset >= end {
            containers.removeLast()
            endGroups(deeperThan: containers.count, at: end)
            if last.kind == .sequence { sequenceDepth -= 1 }
        }
    }

    private func readTag(_ encoding: DataSetEncoding) -> DICOMTag? {
        let order: Endianness = encoding.isBigEndian ? .big : .little
        guard let group = pending.getInteger(at: pending.readerIndex, endianness: order, as: UInt16.self),
              let element = pending.getInteger(at: pending.readerIndex + 2, endianness: order, as: UInt16.self)
        else { return nil }
        return DICOMTag(group, element)
    }

    private func uint32(at relative: Int, _ encoding: DataSetEncoding) -> UInt32? {
        pending.getInteger(at: pending.readerIndex + relative, endianness: encoding.isBigEndian ? .big : .little,
                           as: UInt32.self)
    }

    private func byte(at relative: Int) -> UInt8? {
        pending.getInteger(at: pending.readerIndex + relative, as: UInt8.self)
    }

    private var innermostEnd: Int? {
        containers.last(where: { $0.end != nil })?.end
    }

    /// Item, Item Delimitation and Sequence Delimitation (PS3.5 §7.5): always a tag and a 32-bit length, in any
    /// transfer syntax.
    private mutating func delimiterArrived(_ tag: DICOMTag, encoding: DataSetEncoding) {
        let length = uint32(at: 4, encoding) ?? 0
        let at = offset
        consume(8)
        switch tag {
        case .item:
            switch containers.last?.kind {
            case .fragments:
                // An encapsulated Pixel Data fragment (PS3.5 A.4): skipped as it streams by.
                if length != DataElement.undefinedLength { skipRemaining = Int(length) }
            case .sequence:
                let end = length == DataElement.undefinedLength ? nil : offset + Int(length)
                if let end, let outer = innermostEnd, end > outer {
                    return fail(.lengthOverrun(length), tag: tag)
                }
                guard containers.count < limits.maximumDepth * 2 else {
                    return fail(.tooDeep(sequenceDepth), tag: tag)
                }
                list(DataElement(kind: .item, tag: tag, vr: nil, length: length, depth: sequenceDepth,
                                 offset: at, value: nil, isBigEndian: encoding.isBigEndian))
                containers.append(Container(kind: .item, tag: tag, end: end, encoding: encoding))
            default:
                findings.append(DataSetFinding(.misplacedDelimiter,
                    "Item (FFFE,E000) at byte \(at) outside any sequence (PS3.5 §7.5)"))
            }
        case .itemDelimitationItem:
            if let top = containers.last, top.kind == .item, top.end == nil {
                containers.removeLast()
                endGroups(deeperThan: containers.count, at: at)
                list(DataElement(kind: .itemDelimitation, tag: tag, vr: nil, length: length, depth: sequenceDepth,
                                 offset: at, value: nil, isBigEndian: encoding.isBigEndian))
            } else {
                findings.append(DataSetFinding(.misplacedDelimiter,
                    "Item Delimitation Item (FFFE,E00D) at byte \(at) closes no item of undefined length"))
            }
        case .sequenceDelimitationItem:
            if let top = containers.last, top.kind == .item, top.end == nil {
                findings.append(DataSetFinding(.misplacedDelimiter,
                    "Sequence Delimitation Item (FFFE,E0DD) at byte \(at) inside an item not delimited"))
                containers.removeLast()
                endGroups(deeperThan: containers.count, at: at)
            }
            if let top = containers.last, top.kind != .item, top.end == nil {
                containers.removeLast()
                if top.kind == .sequence {
                    sequenceDepth -= 1
                    list(DataElement(kind: .sequenceDelimitation, tag: tag, vr: nil, length: length,
                                     depth: sequenceDepth, offset: at, value: nil,
                                     isBigEndian: encoding.isBigEndian))
                } else if sequenceDepth == 0, limits.stopsAtPixelData {
                    state = .reachedPixelData
                }
            } else {
                findings.append(DataSetFinding(.misplacedDelimiter,
                    "Sequence Delimitation Item (FFFE,E0DD) at byte \(at) closes no sequence of undefined length"))
            }
        default:
            findings.append(DataSetFinding(.misplacedDelimiter, "\(tag) at byte \(at): not a PS3.5 §7.5 item"))
        }
    }

    /// One data element: header, then its value (kept), its items (a sequence) or nothing (skipped). Returns false
    /// when more bytes are needed or reading stopped.
    private mutating func readElement(_ tag: DICOMTag, encoding: DataSetEncoding) -> Bool {
        var vr: ValueRepresentation
        let headerLength: Int
        let length: UInt32
        var unknownVR: String?
        if encoding.isExplicitVR {
            guard let first = byte(at: 4), let second = byte(at: 5) else { return false }
            if let known = ValueRepresentation(bytes: first, second) {
                vr = known
            } else if (0x41...0x5A).contains(first), (0x41...0x5A).contains(second) {
                // PS3.5 §6.2.2: a VR this reader does not know has the 32-bit length form.
                unknownVR = String(decoding: [first, second], as: UTF8.self)
                vr = .UN
            } else {
                fail(.invalidVR(first, second), tag: tag)
                return false
            }
            if vr.hasLongLength {
                guard pending.readableBytes >= 12, let long = uint32(at: 8, encoding) else { return false }
                headerLength = 12
                length = long
            } else {
                let order: Endianness = encoding.isBigEndian ? .big : .little
                guard let short = pending.getInteger(at: pending.readerIndex + 6, endianness: order,
                                                     as: UInt16.self) else { return false }
                headerLength = 8
                length = UInt32(short)
            }
        } else {
            vr = TagDictionary.implicitVR(for: tag, pixelRepresentation: pixelRepresentation)
            headerLength = 8
            guard let long = uint32(at: 4, encoding) else { return false }
            length = long
        }
        let at = offset
        let isPixelData = tag == .pixelData
        // The header is complete; the value may not be yet, and this element is then read again with more bytes:
        // what its header shows is noted once.
        if notedHeaderAt != at {
            notedHeaderAt = at
            noteHeader(tag, vr: vr, length: length, unknownVR: unknownVR, explicit: encoding.isExplicitVR, at: at)
        }

        if length == DataElement.undefinedLength {
            if isPixelData {
                consume(headerLength)
                list(DataElement(tag: tag, vr: vr, length: length, depth: sequenceDepth, offset: at, value: nil,
                                 isBigEndian: encoding.isBigEndian))
                if sequenceDepth == 0, limits.stopsAtPixelData {
                    state = .reachedPixelData
                    return false
                }
                containers.append(Container(kind: .fragments, tag: tag, end: nil, encoding: encoding))
                return true
            }
            guard vr == .SQ || vr == .UN || !encoding.isExplicitVR else {
                fail(.undefinedLengthNotAllowed, tag: tag)
                return false
            }
            // Implicit VR with undefined length is a sequence (PS3.5 §7.5.1); UN of undefined length holds a
            // sequence in Implicit VR Little Endian (PS3.5 §6.2.2 Note).
            if !encoding.isExplicitVR { vr = .SQ }
            let inner: DataSetEncoding = vr == .UN ? .implicitVRLittleEndian : encoding
            return openSequence(tag, vr: vr, length: length, headerLength: headerLength, end: nil, inner: inner,
                                encoding: encoding)
        }
        let end = at + headerLength + Int(length)
        if let outer = innermostEnd, end > outer {
            fail(.lengthOverrun(length), tag: tag)
            return false
        }
        if vr == .SQ {
            return openSequence(tag, vr: vr, length: length, headerLength: headerLength, end: end, inner: encoding,
                                encoding: encoding)
        }
        let keeps = !isPixelData && Int(length) <= limits.maximumValueLength
        if keeps {
            guard pending.readableBytes >= headerLength + Int(length) else { return false }
            consume(headerLength)
            let value = pending.readBytes(length: Int(length)) ?? []
            offset += Int(length)
            let element = DataElement(tag: tag, vr: vr, length: length, depth: sequenceDepth, offset: at,
                                      value: value, isBigEndian: encoding.isBigEndian)
            if tag == DICOMTag(0x0028, 0x0103) { pixelRepresentation = element.unsignedIntegers.first }
            if tag.isGroupLength { groupLengthRead(element, endingAt: offset) }
            list(element)
            return true
        }
        consume(headerLength)
        list(DataElement(tag: tag, vr: vr, length: length, depth: sequenceDepth, offset: at, value: nil,
                         isBigEndian: encoding.isBigEndian))
        if isPixelData, sequenceDepth == 0, limits.stopsAtPixelData {
            state = .reachedPixelData
            return false
        }
        skipRemaining = Int(length)
        return true
    }

    private mutating func openSequence(_ tag: DICOMTag, vr: ValueRepresentation, length: UInt32, headerLength: Int,
                                       end: Int?, inner: DataSetEncoding, encoding: DataSetEncoding) -> Bool {
        guard containers.count < limits.maximumDepth * 2 else {
            fail(.tooDeep(sequenceDepth + 1), tag: tag)
            return false
        }
        let at = offset
        consume(headerLength)
        list(DataElement(tag: tag, vr: vr, length: length, depth: sequenceDepth, offset: at, value: nil,
                         isBigEndian: encoding.isBigEndian))
        containers.append(Container(kind: .sequence, tag: tag, end: end, encoding: inner))
        sequenceDepth += 1
        return true
    }

    private mutating func list(_ element: DataElement) {
        elements.append(element)
    }
}
