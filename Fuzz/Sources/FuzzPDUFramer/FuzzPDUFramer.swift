import DICOMUpperLayer
import FuzzSupport
import NIOCore

/// The input is a byte stream as a peer would send it. It is framed twice — whole, and fed in chunks whose size
/// the input's length picks — and both must cut the same PDUs and stop at the same error. Every frame must
/// respect the limits, and every PDU decoded from a frame must survive re-encoding.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPDUFramer(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = bytes(data, size)
    let limits = PDULimits(maxAssociateRQLength: 1 << 16, maxDataTFLength: 16_384, maxOtherLength: 1 << 16)

    let whole = frames(of: [input[...]], limits: limits)
    let chunkSize = 1 + size % 61
    let chunks = stride(from: 0, to: input.count, by: chunkSize).map { input[$0..<min($0 + chunkSize, input.count)] }
    let chunked = frames(of: chunks, limits: limits)
    require(whole.frames.map(\.raw) == chunked.frames.map(\.raw),
            "chunks of \(chunkSize) bytes frame \(chunked.frames.count) PDUs, the whole stream \(whole.frames.count)")
    require(whole.error == chunked.error, "chunks stop at \(String(describing: chunked.error)), "
                + "the whole stream at \(String(describing: whole.error))")

    var consumed = 0
    for frame in whole.frames {
        let declared = Int(frame.raw.getInteger(at: frame.raw.readerIndex + 2, as: UInt32.self) ?? 0)
        require(frame.raw.readableBytes == 6 + declared, "a frame of \(frame.raw.readableBytes) bytes declares \(declared)")
        require(frame.body.readableBytes == declared, "a body of \(frame.body.readableBytes) bytes, declared \(declared)")
        require(UInt32(declared) <= limits.limit(for: frame.type), "a \(frame.type) of \(declared) bytes passed its limit")
        require(frame.raw.readableBytesView.elementsEqual(input[consumed..<consumed + frame.raw.readableBytes]),
                "a frame is not the bytes received")
        consumed += frame.raw.readableBytes
        if let pdu = try? frame.decode() {
            require(pdu.type == frame.type, "a \(frame.type) frame decodes to a \(pdu.type)")
            pdu.checkRoundTrip(receivedSize: frame.raw.readableBytes)
        }
    }
    return 0
}

/// Frames `chunks` as they arrive, as the channel handler does: append, then cut PDUs until more bytes are needed.
func frames(of chunks: [ArraySlice<UInt8>], limits: PDULimits) -> (frames: [PDUFrame], error: UpperLayerError?) {
    let framer = PDUFramer(limits: limits)
    var buffer = ByteBuffer()
    var frames: [PDUFrame] = []
    do throws(UpperLayerError) {
        for chunk in chunks {
            buffer.writeBytes(chunk)
            while let frame = try framer.nextFrame(from: &buffer) { frames.append(frame) }
        }
    } catch {
        return (frames, error)
    }
    return (frames, nil)
}

@_cdecl("FuzzPDUFramer_main")
public func fuzzPDUFramerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzzPDUFramer)
}
