import CompressNIO
import NIOCore

/// Inflates a Deflated Explicit VR Little Endian data set as it streams in (PS3.5 A.5: the data set is compressed
/// with the deflate algorithm of RFC 1951, raw, without zlib header), through zlib (compress-nio). Inflated bytes
/// are handed out in pieces of at most `pieceSize`, and inflating stops as soon as the receiver wants no more, so a
/// small deflated stream cannot make it allocate much.
final class DeflatedStream {
    static let pieceSize = 16 * 1024
    private let decompressor: any NIODecompressor
    private var ended = false

    /// Nil when zlib cannot start a stream (out of memory).
    init?() {
        decompressor = CompressionAlgorithm.deflate().decompressor
        do { try decompressor.startStream() } catch { return nil }
    }

    deinit {
        try? decompressor.finishStream()
    }

    /// Inflates `chunk`, calling `consume` with each inflated piece until it returns false. Returns the zlib error
    /// of corrupt data, or nil. The bytes zlib inflated before it met the corruption are handed out first, so
    /// what is read does not depend on how the deflated stream was cut into chunks.
    func inflate(_ chunk: ByteBuffer, _ consume: (ByteBuffer) -> Bool) -> CompressNIOError? {
        var input = chunk
        // zlib may take in all of the input and still hold inflated bytes it had no room for: after a full output
        // piece it is asked again, with no input, until it has nothing more (otherwise they would come out only
        // with the next chunk, and the last chunk's never).
        var outputFull = false
        while !ended, input.readableBytes > 0 || outputFull {
            var output = ByteBufferAllocator().buffer(capacity: Self.pieceSize)
            let before = input.readableBytes
            outputFull = false
            do {
                try decompressor.streamInflate(from: &input, to: &output)
                // Z_OK with room left: all input consumed; Z_STREAM_END: the deflated stream is complete.
                if input.readableBytes > 0 { ended = true }
            } catch let error as CompressNIOError {
                switch error {
                case .bufferOverflow: outputFull = true
                case .inputBufferOverflow: break
                default:
                    if output.readableBytes > 0, !consume(output) { return nil }
                    return error
                }
            } catch {
                return .internalError
            }
            if output.readableBytes > 0, !consume(output) { return nil }
            if !outputFull, input.readableBytes == before || output.readableBytes == 0 { break }
        }
        return nil
    }
}
