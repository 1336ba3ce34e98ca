import NIOCore

/// Cuts complete PDUs from a stream of bytes arriving in arbitrary chunks (PS3.8 §9.3.1 common header:
/// type, reserved, 4-byte big-endian PDU-length).
///
/// Checks happen from the header alone, before waiting for or buffering the body: an unknown type byte throws
/// as soon as it is seen, a PDU-length over `limits` throws as soon as the 6 header bytes are there. A declared
/// length never drives an allocation: the framer only slices bytes already in the caller's buffer. Usable from
/// a NIO `ByteToMessageDecoder` (loop `nextPDU` until it returns nil).
public struct PDUFramer: Sendable {
    public var limits: PDULimits

    public init(limits: PDULimits = PDULimits()) {
        self.limits = limits
    }

    /// Checks the header at the front of `buffer` without consuming anything.
    /// Returns the total PDU size (header + body) once the header is complete, nil when fewer than 6 bytes.
    public func checkHeader(_ buffer: ByteBuffer) throws(UpperLayerError) -> (type: PDUType, totalLength: Int)? {
        guard let typeByte = buffer.getInteger(at: buffer.readerIndex, as: UInt8.self) else { return nil }
        guard let type = PDUType(rawValue: typeByte) else {
            throw UpperLayerError(kind: .unrecognizedPDU, pduTypeCode: typeByte, field: "PDU-type", offset: 0,
                                  message: "0x\(hex(typeByte)) is not a PDU type of PS3.8 §9.3 (0x01–0x07)")
        }
        guard let length = buffer.getInteger(at: buffer.readerIndex + 2, endianness: .big, as: UInt32.self) else {
            return nil
        }
        switch type {
        case .associateRJ, .releaseRQ, .releaseRP, .abort:
            guard length == 4 else {
                throw UpperLayerError(kind: .invalidParameterValue, pduTypeCode: typeByte, field: "PDU-length", offset: 2,
                                      message: "an \(type) has PDU-length 4, not \(length)")
            }
        case .associateRQ, .associateAC:
            guard length >= UInt32(AssociateFixedFields.length) else {
                throw UpperLayerError(kind: .invalidParameterValue, pduTypeCode: typeByte, field: "PDU-length", offset: 2,
                                      message: "an \(type) has at least 68 bytes after the header, not \(length)")
            }
        case .dataTF:
            guard length >= 6 else {
                throw UpperLayerError(kind: .invalidParameterValue, pduTypeCode: typeByte, field: "PDU-length", offset: 2,
                                      message: "a P-DATA-TF carries at least one 6-byte PDV item, PDU-length is \(length)")
            }
        }
        let limit = limits.limit(for: type)
        guard length <= limit else {
            throw UpperLayerError(kind: .lengthLimitExceeded, pduTypeCode: typeByte, field: "PDU-length", offset: 2,
                                  message: "\(type) declares \(length) bytes; the limit is \(limit)"
                                      + (type == .dataTF ? " (our advertised maximum length, PS3.8 D.1)" : ""))
        }
        return (type, 6 + Int(length))
    }

    /// Removes one complete PDU from the front of `buffer` without decoding it; nil when more bytes are needed.
    /// On a thrown error nothing is consumed; the association must be aborted (AA-8).
    public func nextFrame(from buffer: inout ByteBuffer) throws(UpperLayerError) -> PDUFrame? {
        guard let (type, total) = try checkHeader(buffer), buffer.readableBytes >= total,
              let raw = buffer.readSlice(length: total) else { return nil }
        let body = raw.getSlice(at: raw.readerIndex + 6, length: total - 6) ?? ByteBuffer()
        return PDUFrame(type: type, body: body, raw: raw)
    }

    /// Removes one complete PDU from the front of `buffer` and decodes it; nil when more bytes are needed.
    public func nextPDU(from buffer: inout ByteBuffer) throws(UpperLayerError) -> PDU? {
        guard let frame = try nextFrame(from: &buffer) else { return nil }
        return try frame.decode()
    }
}
