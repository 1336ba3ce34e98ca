import NIOCore

/// Any of the seven Upper Layer PDUs (PS3.8 §9.3).
public enum PDU: Sendable, Equatable {
    case associateRQ(AAssociateRQ)
    case associateAC(AAssociateAC)
    case associateRJ(AAssociateRJ)
    case dataTF(PDataTF)
    case releaseRQ(AReleaseRQ)
    case releaseRP(AReleaseRP)
    case abort(AAbort)

    public var type: PDUType {
        switch self {
        case .associateRQ: .associateRQ
        case .associateAC: .associateAC
        case .associateRJ: .associateRJ
        case .dataTF: .dataTF
        case .releaseRQ: .releaseRQ
        case .releaseRP: .releaseRP
        case .abort: .abort
        }
    }

    /// Encodes header and body, enforcing the send rules of PS3.8 / PS3.7 ("strict on send").
    public func encode(into buffer: inout ByteBuffer) throws(UpperLayerError) {
        try encode(into: &buffer, mode: .strict)
    }

    /// Encodes without the send rules, for a test client that must send deliberately odd PDUs (even context
    /// IDs, long version names, unpadded-but-invalid UIDs). Still refuses what cannot be represented.
    public func encodeUnchecked(into buffer: inout ByteBuffer) throws(UpperLayerError) {
        try encode(into: &buffer, mode: .unchecked)
    }

    public func encode(into buffer: inout ByteBuffer, mode: EncodingMode) throws(UpperLayerError) {
        let start = buffer.writerIndex
        do {
            switch self {
            case .associateRQ(let v): try v.encode(into: &buffer, mode: mode)
            case .associateAC(let v): try v.encode(into: &buffer, mode: mode)
            case .associateRJ(let v): try v.encode(into: &buffer, mode: mode)
            case .dataTF(let v): try v.encode(into: &buffer, mode: mode)
            case .releaseRQ(let v): v.encode(into: &buffer)
            case .releaseRP(let v): v.encode(into: &buffer)
            case .abort(let v): try v.encode(into: &buffer, mode: mode)
            }
        } catch {
            buffer.moveWriterIndex(to: start)
            throw error
        }
    }

    /// A freshly allocated buffer holding the encoded PDU.
    public func encoded(mode: EncodingMode = .strict,
                        allocator: ByteBufferAllocator = ByteBufferAllocator()) throws(UpperLayerError) -> ByteBuffer {
        var buffer = allocator.buffer(capacity: 256)
        try encode(into: &buffer, mode: mode)
        return buffer
    }

    /// Decodes a PDU body (the bytes after the 6-byte header) of the given type byte.
    /// Unknown types throw `.unrecognizedPDU` (A-ABORT reason 1).
    public static func decode(type: UInt8, body: ByteBuffer) throws(UpperLayerError) -> PDU {
        guard let pduType = PDUType(rawValue: type) else {
            throw UpperLayerError(kind: .unrecognizedPDU, pduTypeCode: type, field: "PDU-type", offset: 0,
                                  message: "0x\(hex(type)) is not a PDU type of PS3.8 §9.3 (0x01–0x07)")
        }
        switch pduType {
        case .associateRQ: return .associateRQ(try AAssociateRQ.decode(body: body))
        case .associateAC: return .associateAC(try AAssociateAC.decode(body: body))
        case .associateRJ: return .associateRJ(try AAssociateRJ.decode(body: body))
        case .dataTF: return .dataTF(try PDataTF.decode(body: body))
        case .releaseRQ: return .releaseRQ(try AReleaseRQ.decode(body: body))
        case .releaseRP: return .releaseRP(try AReleaseRP.decode(body: body))
        case .abort: return .abort(try AAbort.decode(body: body))
        }
    }

    /// Decodes one whole PDU (header included) that fills `bytes` exactly.
    public static func decode(bytes: ByteBuffer) throws(UpperLayerError) -> PDU {
        let framer = PDUFramer(limits: .unlimited)
        var copy = bytes
        guard let pdu = try framer.nextPDU(from: &copy) else {
            throw UpperLayerError(kind: .invalidParameterValue, pduTypeCode: bytes.getInteger(at: bytes.readerIndex) ?? 0,
                                  field: "PDU-length", offset: 2,
                                  message: "the PDU is incomplete: \(bytes.readableBytes) bytes")
        }
        guard copy.readableBytes == 0 else {
            throw UpperLayerError(kind: .invalidParameterValue, pduTypeCode: bytes.getInteger(at: bytes.readerIndex) ?? 0,
                                  field: "PDU-length", offset: 2,
                                  message: "\(copy.readableBytes) byte(s) follow the PDU")
        }
        return pdu
    }
}
