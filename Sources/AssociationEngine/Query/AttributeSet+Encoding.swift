import DICOMDataSet
import NIOCore

extension AttributeSet {
    /// Encodes the data set in `encoding` (PS3.5 §7.1): elements in ascending tag order, odd values padded to even
    /// length (PS3.5 §6.2: NUL for UI and binary VRs, space for the other strings), sequences and items of
    /// undefined length closed by delimitation items (PS3.5 §7.5.1), numbers in the encoding's byte order.
    /// Deflated Explicit VR Little Endian is encoded as Explicit VR Little Endian: the query contexts never accept
    /// it. A value too long for a 16-bit Value Length (explicit VR) is left out rather than written wrong.
    func encode(_ encoding: DataSetEncoding, into buffer: inout ByteBuffer) {
        let order: Endianness = encoding.isBigEndian ? .big : .little
        for tag in tags {
            guard let value = values[tag] else { continue }
            if let items = value.items {
                writeHeader(tag, vr: .SQ, length: DataElement.undefinedLength, encoding, order, into: &buffer)
                for item in items {
                    writeDelimiter(.item, length: DataElement.undefinedLength, order, into: &buffer)
                    item.encode(encoding, into: &buffer)
                    writeDelimiter(.itemDelimitationItem, length: 0, order, into: &buffer)
                }
                writeDelimiter(.sequenceDelimitationItem, length: 0, order, into: &buffer)
                continue
            }
            var bytes = value.bytes
            if bytes.count % 2 == 1 { bytes.append(value.vr.isString && value.vr != .UI ? 0x20 : 0x00) }
            if encoding.isExplicitVR, !value.vr.hasLongLength, bytes.count > 0xFFFF { continue }
            if encoding.isBigEndian, let width = AttributeValue.numberWidth(value.vr) {
                var index = 0
                while index + width <= bytes.count {
                    bytes[index..<index + width].reverse()
                    index += width
                }
            }
            writeHeader(tag, vr: value.vr, length: UInt32(bytes.count), encoding, order, into: &buffer)
            buffer.writeBytes(bytes)
        }
    }

    /// The encoded data set as a new buffer.
    func encoded(_ encoding: DataSetEncoding) -> ByteBuffer {
        var buffer = ByteBufferAllocator().buffer(capacity: 512)
        encode(encoding, into: &buffer)
        return buffer
    }

    private func writeHeader(_ tag: DICOMTag, vr: ValueRepresentation, length: UInt32, _ encoding: DataSetEncoding,
                             _ order: Endianness, into buffer: inout ByteBuffer) {
        buffer.writeInteger(tag.group, endianness: order)
        buffer.writeInteger(tag.element, endianness: order)
        guard encoding.isExplicitVR else {
            buffer.writeInteger(length, endianness: order)
            return
        }
        buffer.writeBytes(Array(vr.rawValue.utf8))
        if vr.hasLongLength {
            buffer.writeInteger(UInt16(0), endianness: order)
            buffer.writeInteger(length, endianness: order)
        } else {
            buffer.writeInteger(UInt16(truncatingIfNeeded: length), endianness: order)
        }
    }

    private func writeDelimiter(_ tag: DICOMTag, length: UInt32, _ order: Endianness, into buffer: inout ByteBuffer) {
        buffer.writeInteger(tag.group, endianness: order)
        buffer.writeInteger(tag.element, endianness: order)
        buffer.writeInteger(length, endianness: order)
    }
}
