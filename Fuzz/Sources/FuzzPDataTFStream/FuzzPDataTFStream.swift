import DICOMUpperLayer
import FuzzSupport
import NIOCore

/// The input is the variable field of one P-DATA-TF (the bytes after its 6-byte header) as it arrives in reads
/// whose size the input's length picks. Streamed through `PDataTFStream`, the pieces must join back into exactly the
/// items `PDataTF.decode` reads from the whole field, or the stream must stop at the same error; no piece may be
/// empty unless its item is, and only an item's last piece may carry the item's header unchanged.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPDataTFStream(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = bytes(data, size)
    guard input.count >= 6 else { return 0 }  // PDUFramer refuses a shorter P-DATA-TF before any item is read
    let field = ByteBuffer(bytes: input)
    let decoded = Result { () throws(UpperLayerError) in try PDataTF.decode(body: field).values }
    for chunkSize in [1 + size % 61, 1 + size % 7] {
        var stream = PDataTFStream(pduLength: input.count)
        var pieces: [PresentationDataValue] = []
        var failure: UpperLayerError?
        do throws(UpperLayerError) {
            for start in stride(from: 0, to: input.count, by: chunkSize) {
                let end = min(start + chunkSize, input.count)
                var read = ByteBuffer(bytes: input[start..<end])
                // The last read also holds the next PDU's first bytes, which the stream must leave alone.
                let next: [UInt8] = end == input.count ? [0x05, 0x00] : []
                read.writeBytes(next)
                try stream.take(from: &read, into: &pieces)
                require(end == input.count ? Array(read.readableBytesView) == next : read.readableBytes == 0,
                        "the stream left \(read.readableBytes) bytes of a read, or took the next PDU's")
            }
        } catch {
            failure = error
        }
        switch decoded {
        case .success(let items):
            require(failure == nil, "decoding succeeds, the stream fails: \(String(describing: failure))")
            require(stream.isComplete, "the stream is not complete at the end of its PDU")
            require(joined(pieces) == items, "chunks of \(chunkSize): pieces do not join into the decoded items")
        case .failure(let error):
            require(failure == error, "decoding fails with \(error), the stream with \(String(describing: failure))")
        }
    }
    return 0
}

/// Pieces joined back into items; stops the run when a piece says something an item as sent could not.
func joined(_ pieces: [PresentationDataValue]) -> [PresentationDataValue] {
    var items: [PresentationDataValue] = []
    var open: (value: PresentationDataValue, length: Int)?
    for piece in pieces {
        switch piece.cut {
        case .whole:
            require(open == nil, "a whole item inside another")
            items.append(piece)
        case .first(let length):
            require(open == nil && piece.fragment.readableBytes > 0 && piece.fragment.readableBytes < length,
                    "a first piece of \(piece.fragment.readableBytes) bytes of an item of \(length)")
            require(!piece.messageControlHeader.isLastFragment, "a first piece with the last-fragment bit")
            open = (piece, length)
        case .rest:
            guard var current = open else { require(false, "a piece without its first"); return items }
            require(piece.fragment.readableBytes > 0 && piece.presentationContextID == current.value.presentationContextID,
                    "an empty piece, or one on another context")
            var fragment = piece.fragment
            current.value.fragment.writeBuffer(&fragment)
            current.value.messageControlHeader = piece.messageControlHeader
            if current.value.fragment.readableBytes == current.length {
                current.value.cut = .whole
                items.append(current.value)
                open = nil
            } else {
                require(!piece.messageControlHeader.isLastFragment, "a middle piece with the last-fragment bit")
                open = current
            }
        }
    }
    require(open == nil, "an item left unfinished")
    return items
}

@_cdecl("FuzzPDataTFStream_main")
public func fuzzPDataTFStreamMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzzPDataTFStream)
}
