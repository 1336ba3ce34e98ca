import DICOMUpperLayer
import NIOCore

/// Builds the A-ASSOCIATE-RQ a busy modality sends: 128 presentation contexts (the PS3.8 maximum, IDs 1…255),
/// each one storage SOP class with three transfer syntaxes, plus user information (PS3.8 §9.3.2, Tables 9-11
/// to 9-18; PS3.7 Annex D.3.3). Encoded here byte by byte so the benchmark has its input whatever the
/// decoder's state.
enum AssociateRQFixture {
    static func bytes() -> ByteBuffer {
        let transferSyntaxes = ["1.2.840.10008.1.2.1", "1.2.840.10008.1.2", "1.2.840.10008.1.2.4.70"]
        let sopClasses = UIDDictionary.storageSOPClasses.map(\.uid)
        var items = ByteBuffer()
        writeItem(0x10, uid: "1.2.840.10008.3.1.1.1", into: &items)
        for index in 0..<128 {
            var context = ByteBuffer()
            context.writeInteger(UInt8(2 * index + 1))
            context.writeBytes([0, 0, 0])
            writeItem(0x30, uid: sopClasses[index % max(1, sopClasses.count)], into: &context)
            for syntax in transferSyntaxes { writeItem(0x40, uid: syntax, into: &context) }
            writeItem(0x20, body: context, into: &items)
        }
        var user = ByteBuffer()
        var maxLength = ByteBuffer()
        maxLength.writeInteger(UInt32(16384))
        writeItem(0x51, body: maxLength, into: &user)
        writeItem(0x52, uid: "1.2.276.0.7230010.3.0.3.6.7", into: &user)
        writeItem(0x55, uid: "OFFIS_DCMTK_367", into: &user)
        writeItem(0x50, body: user, into: &items)

        var pdu = ByteBuffer()
        pdu.writeInteger(UInt8(0x01))
        pdu.writeInteger(UInt8(0))
        pdu.writeInteger(UInt32(68 + items.readableBytes))
        pdu.writeInteger(UInt16(0x0001))
        pdu.writeInteger(UInt16(0))
        pdu.writeString("ASSOCMON        ")
        pdu.writeString("MODALITY        ")
        pdu.writeRepeatingByte(0, count: 32)
        pdu.writeBuffer(&items)
        return pdu
    }

    static func writeItem(_ type: UInt8, uid: String, into buffer: inout ByteBuffer) {
        writeItem(type, body: ByteBuffer(string: uid), into: &buffer)
    }

    static func writeItem(_ type: UInt8, body: ByteBuffer, into buffer: inout ByteBuffer) {
        buffer.writeInteger(type)
        buffer.writeInteger(UInt8(0))
        buffer.writeInteger(UInt16(truncatingIfNeeded: body.readableBytes))
        buffer.writeImmutableBuffer(body)
    }
}
