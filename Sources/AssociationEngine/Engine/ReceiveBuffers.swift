import NIOCore

/// How large a socket read may grow on a DICOM connection.
///
/// NIO's default adaptive allocator stops at 64 KiB, so a P-DATA-TF PDU longer than that (we offer up to our
/// Maximum Length, PS3.8 D.1; the default is 256 KiB) always spans several reads, and the PDU decoder first copies
/// every read into one accumulation buffer before it can cut the PDU out. Letting reads grow to one whole PDU
/// (header included) makes most large PDUs arrive in one read, framed in place with no copy: one 1 GiB C-STORE in
/// 256 KiB PDUs took 370 → 250 ms of server CPU and 2.5 → 3.6 GB/s on the 2-core VM (`--no-store`, release). The
/// allocator is still adaptive: a connection that only exchanges small PDUs keeps small buffers.
enum ReceiveBuffers {
    /// The read buffers of a connection on which we accept PDUs up to `maximumLength` bytes (0: no limit).
    static func allocator(maximumLength: UInt32) -> AdaptiveRecvByteBufferAllocator {
        let pdu = maximumLength == 0 ? Self.ceiling : Int(maximumLength) + 6  // the PDU header (PS3.8 §9.3.1)
        return AdaptiveRecvByteBufferAllocator(minimum: 64, initial: 2_048,
                                               maximum: min(max(pdu, 65_536), Self.ceiling))
    }

    /// No single read is larger, whatever the Maximum Length: a connection's buffer stays bounded.
    static let ceiling = 1 << 20
}
