import NIOCore

extension MessageFragmenter {
    /// Fragments a data set supplied in chunks of any size (PS3.8 Annex E), holding back at most one
    /// fragment: a full fragment is only written once more bytes prove it is not the last one.
    ///
    /// Usage: `encodeCommand` first, then `append` every chunk, then `finish` (which writes the fragment with the
    /// last-fragment bit). All fragments except the last are `maximumFragmentLength` bytes, hence even.
    public struct DataSetStream: Sendable {
        public let fragmenter: MessageFragmenter
        public let presentationContextID: UInt8
        /// Bytes not yet written (at most `maximumFragmentLength`).
        var pending: ByteBuffer
        /// Data set bytes received so far.
        public private(set) var totalLength: Int = 0
        public private(set) var isFinished = false

        init(fragmenter: MessageFragmenter, presentationContextID: UInt8) {
            self.fragmenter = fragmenter
            self.presentationContextID = presentationContextID
            pending = ByteBuffer()
        }

        /// Appends a chunk, writing every fragment that is now known not to be the last into `buffer`.
        public mutating func append(_ chunk: ByteBuffer, into buffer: inout ByteBuffer) {
            guard !isFinished else { return }
            let size = fragmenter.maximumFragmentLength
            var chunk = chunk
            totalLength += chunk.readableBytes
            if pending.readableBytes > 0 {
                let take = min(size - pending.readableBytes, chunk.readableBytes)
                if let head = chunk.readSlice(length: take) { pending.writeImmutableBuffer(head) }
                guard chunk.readableBytes > 0 else { return }
                // pending is full and more bytes follow: it is not the last fragment.
                writeFragment(pending, isLast: false, into: &buffer)
                pending.clear()
            }
            while chunk.readableBytes > size, let fragment = chunk.readSlice(length: size) {
                writeFragment(fragment, isLast: false, into: &buffer)
            }
            pending.writeImmutableBuffer(chunk)
        }

        /// Writes the last fragment (possibly empty for an empty data set). Throws, writing nothing, when the
        /// data set's total length is odd and the fragmenter does not allow it.
        public mutating func finish(into buffer: inout ByteBuffer) throws(MessageFragmenterError) {
            guard !isFinished else { return }
            try fragmenter.checkEven(totalLength, isCommand: false)
            writeFragment(pending, isLast: true, into: &buffer)
            pending.clear()
            isFinished = true
        }

        private func writeFragment(_ fragment: ByteBuffer, isLast: Bool, into buffer: inout ByteBuffer) {
            fragmenter.writePDU(fragment: fragment, isCommand: false, isLast: isLast,
                                presentationContextID: presentationContextID, into: &buffer)
        }
    }
}
