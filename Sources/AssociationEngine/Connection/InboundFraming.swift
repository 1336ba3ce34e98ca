import DICOMUpperLayer
import NIOCore

/// Cuts a connection's reads into PDUs (PS3.8 §9.3.1: type, reserved byte, 4-byte big-endian length, body), inside
/// the association's own handler rather than a `ByteToMessageHandler` in front of it.
///
/// A read that starts at a PDU boundary is framed where it lies: each PDU is a slice of the read, nothing is copied.
/// A PDU that a read leaves unfinished is kept as a slice; once its header is known (and checked against our
/// limits, before anything is buffered for it), the bytes still missing are copied after it into one buffer of the
/// PDU's exact size, and the rest of the read is framed in place again. `ByteToMessageHandler` instead appended
/// every new read whole to the unfinished bytes, so with PDUs about as long as a read (256 KiB) nearly every byte
/// of a data set was copied once more, and more than once where the unfinished part was shared with PDVs still
/// being written; it also cost a pipeline hop and a boxed message per PDU. With `streamsDataTF`, a P-DATA-TF is not
/// gathered at all: what each read holds of it goes on at once as PDV items or pieces of them (`PDataTFStream`).
struct InboundFraming {
    enum Next {
        /// A whole PDU: its frame (type, body, the PDU's bytes as received).
        case frame(PDUFrame)
        /// The first byte on the plain port is not a PDU type: a TLS ClientHello, say (see `TransportMismatch`).
        case wrongProtocol(reason: String)
        /// The PDV items, whole or in pieces, that the read holds of a P-DATA-TF it does not finish (with
        /// `streamsDataTF`): what a PDU the read does finish holds, as `PDataTFStream` cuts it.
        case dataPieces(PDataTF)
        /// The read is used up; `insidePDU` when it ended inside a PDU.
        case needMoreData(insidePDU: Bool)
    }

    /// A P-DATA-TF that a read does not finish is passed on as it arrives (`dataPieces`) instead of gathered into
    /// one buffer: on an association whose P-DATA-TF PDUs go to a DIMSE provider that takes fragments in pieces.
    /// Read at the start of each PDU.
    var streamsDataTF = false
    /// The P-DATA-TF being passed on as it arrives.
    private var dataStream: PDataTFStream?

    private let framer: PDUFramer
    private var checksFirstByte: Bool
    /// The beginning of a PDU the reads so far did not finish.
    private var partial: ByteBuffer?
    /// `partial` is a buffer of its own, sized for the whole PDU (not a slice of a read).
    private var partialOwned = false

    static let upFrontCapacity = 1 << 20

    init(limits: PDULimits, plainPort: Bool) {
        framer = PDUFramer(limits: limits)
        checksFirstByte = plainPort
    }

    /// The next whole PDU, from what an earlier read left unfinished and then from `read`, which is consumed as
    /// PDUs are taken from it. Throws for a PDU header outside PS3.8 or our limits.
    mutating func next(from read: inout ByteBuffer, allocator: ByteBufferAllocator) throws(UpperLayerError) -> Next {
        if checksFirstByte, let first = read.readableBytesView.first {
            checksFirstByte = false
            if let reason = TransportMismatch.plainPortReason(firstByte: first) { return .wrongProtocol(reason: reason) }
        }
        if dataStream != nil {
            if let pieces = try streamData(from: &read) { return .dataPieces(pieces) }
            if dataStream != nil { return .needMoreData(insidePDU: true) }
        }
        guard var pending = partial else {
            if let frame = try framer.nextFrame(from: &read) { return .frame(frame) }
            guard read.readableBytes > 0 else { return .needMoreData(insidePDU: false) }
            // Checked now, so a bad header is answered at once, not when the rest arrives.
            let header = try framer.checkHeader(read)
            if streamsDataTF, let (type, total) = header, type == .dataTF {
                read.moveReaderIndex(forwardBy: 6)
                dataStream = PDataTFStream(pduLength: total - 6)
                if let pieces = try streamData(from: &read) { return .dataPieces(pieces) }
                return .needMoreData(insidePDU: true)
            }
            partial = read.readSlice(length: read.readableBytes)
            partialOwned = false
            return .needMoreData(insidePDU: true)
        }
        partial = nil
        if pending.readableBytes < 6 {
            // The header itself was split: at most five bytes to join.
            var head = read.readSlice(length: min(6 - pending.readableBytes, read.readableBytes)) ?? ByteBuffer()
            pending.writeBuffer(&head)
        }
        guard let (_, total) = try framer.checkHeader(pending) else {
            partial = pending
            return .needMoreData(insidePDU: true)
        }
        if !partialOwned {
            // Room for the whole PDU up front, up to a mebibyte: a length field alone (our limits may allow up to
            // 4 GiB) never reserves memory that no bytes have arrived for; longer PDUs grow as they arrive.
            var owned = allocator.buffer(capacity: min(total, Self.upFrontCapacity))
            owned.writeBuffer(&pending)
            pending = owned
            partialOwned = true
        }
        let missing = total - pending.readableBytes
        if missing > 0, var piece = read.readSlice(length: min(missing, read.readableBytes)) {
            pending.writeBuffer(&piece)
        }
        guard pending.readableBytes == total, let frame = try framer.nextFrame(from: &pending) else {
            partial = pending
            return .needMoreData(insidePDU: true)
        }
        partialOwned = false
        return .frame(frame)
    }

    /// What `read` holds of the P-DATA-TF being streamed; nil when that is nothing whole yet (an item header cut
    /// by the read). The stream ends with the PDU's last byte.
    private mutating func streamData(from read: inout ByteBuffer) throws(UpperLayerError) -> PDataTF? {
        guard var stream = dataStream else { return nil }
        dataStream = nil
        var values: [PresentationDataValue] = []
        try stream.take(from: &read, into: &values)
        if !stream.isComplete { dataStream = stream }
        return values.isEmpty ? nil : PDataTF(values: values)
    }
}
