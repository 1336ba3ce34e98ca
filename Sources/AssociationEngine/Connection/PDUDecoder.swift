import DICOMUpperLayer
import NIOCore

/// What the PDU decoder hands the association handler, one per PDU.
enum InboundPDU {
    /// A whole PDU with its bytes as received (header included, a slice of the read, not a copy): an
    /// A-ASSOCIATE-RQ's for the `association-requested` event, a P-DATA-TF's for the tap to relay as it came.
    case pdu(PDU, raw: ByteBuffer)
    /// The byte stream cannot be framed (PS3.8 Evt19). Nothing after it is decoded: the stream has no boundaries
    /// any more.
    case invalid(UpperLayerError)
    /// The first byte on the plain port belongs to another protocol (a TLS ClientHello): `reason` says which.
    case wrongProtocol(reason: String)
}

/// Frames the byte stream into PDUs (PS3.8 §9.3: type, reserved byte, 32-bit big-endian length) behind NIO's
/// `ByteToMessageHandler`, as swift-nio frames its own protocols; the limits are checked on the header, before a
/// body is buffered (`PDUFramer`).
struct PDUDecoder: ByteToMessageDecoder {
    typealias InboundOut = InboundPDU

    private var framer: PDUFramer
    /// On the plain port a TLS handshake record (0x16) cannot start a PDU (PS3.8 Table 9-11): it is named, not
    /// aborted as an unrecognized PDU. On the TLS port the decoder sees the decrypted stream.
    private var checksFirstByte: Bool
    private var discarding = false

    init(limits: PDULimits, plainPort: Bool) {
        framer = PDUFramer(limits: limits)
        checksFirstByte = plainPort
    }

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard !discarding else {
            buffer.moveReaderIndex(to: buffer.writerIndex)
            return .needMoreData
        }
        if checksFirstByte, let first = buffer.readableBytesView.first {
            checksFirstByte = false
            if let reason = TransportMismatch.plainPortReason(firstByte: first) {
                return stop(.wrongProtocol(reason: reason), context: context, buffer: &buffer)
            }
        }
        let frame: PDUFrame?
        do {
            frame = try framer.nextFrame(from: &buffer)
        } catch {
            return stop(.invalid(error), context: context, buffer: &buffer)
        }
        guard let frame else {
            // The read ended inside a PDU: a sender with Nagle's algorithm on that wrote only its header so far
            // (DCMTK writes each PDU's 12 header bytes, then its body) waits for our ACK before sending the rest.
            if buffer.readableBytes > 0 { QuickAck.request(on: context.channel) }
            return .needMoreData
        }
        let pdu: PDU
        do {
            pdu = try frame.decode()
        } catch {
            return stop(.invalid(error), context: context, buffer: &buffer)
        }
        context.fireChannelRead(wrapInboundOut(.pdu(pdu, raw: frame.raw)))
        return .continue
    }

    /// Bytes left at the close are an incomplete PDU: nothing to deliver.
    mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer,
                             seenEOF: Bool) throws -> DecodingState {
        buffer.moveReaderIndex(to: buffer.writerIndex)
        return .needMoreData
    }

    private mutating func stop(_ element: InboundPDU, context: ChannelHandlerContext,
                               buffer: inout ByteBuffer) -> DecodingState {
        discarding = true
        buffer.moveReaderIndex(to: buffer.writerIndex)
        context.fireChannelRead(wrapInboundOut(element))
        return .needMoreData
    }
}
