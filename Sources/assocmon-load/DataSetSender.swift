import DICOMUpperLayer
import Glibc

/// Streams a `SyntheticDataSet` as P-DATA-TF PDUs, one PDV per PDU (PS3.8 §9.3.5, Tables 9-22/9-23; Annex E),
/// every fragment but the last exactly `fragmentLength` bytes (even), the last one with bit 1 of the message
/// control header set.
///
/// The PDU header and PDV item header (12 bytes) are written in front of a reusable buffer that already holds
/// the pixel pattern, so each PDU costs one `send(2)` and no copying on the client. Only the first fragment(s),
/// which carry the data set's element prefix, are assembled separately.
struct DataSetSender {
    let fragmentLength: Int
    private let pattern: UnsafeMutableRawBufferPointer

    /// `fragmentLength` comes from `MessageFragmenter.maximumFragmentLength` for the Maximum Length in use.
    init(fragmentLength: Int) {
        self.fragmentLength = fragmentLength
        pattern = .allocate(byteCount: 12 + fragmentLength, alignment: 64)
        for index in 0..<(12 + fragmentLength) { pattern[index] = UInt8(truncatingIfNeeded: index &* 7) }
    }

    func deallocate() { pattern.deallocate() }

    func send(_ dataSet: SyntheticDataSet, contextID: UInt8, over socket: BlockingSocket) throws(LoadError) {
        let total = dataSet.length
        var offset = 0
        while offset < total {
            let length = min(fragmentLength, total - offset)
            let isLast = offset + length == total
            if offset < dataSet.prefix.count {
                var pdu = [UInt8](repeating: 0, count: 12 + length)
                let prefixEnd = min(dataSet.prefix.count, offset + length)
                pdu.replaceSubrange(12..<(12 + prefixEnd - offset), with: dataSet.prefix[offset..<prefixEnd])
                var failure: LoadError?
                pdu.withUnsafeMutableBytes { bytes in
                    Self.writeHeader(into: bytes, fragmentLength: length, contextID: contextID, isLast: isLast)
                    do throws(LoadError) { try socket.sendAll(UnsafeRawBufferPointer(bytes)) } catch { failure = error }
                }
                if let failure { throw failure }
            } else {
                Self.writeHeader(into: pattern, fragmentLength: length, contextID: contextID, isLast: isLast)
                try socket.sendAll(UnsafeRawBufferPointer(rebasing: pattern[0..<(12 + length)]))
            }
            offset += length
        }
    }

    /// PDU type 0x04, reserved, PDU-length (fragment + 6); PDV item length (fragment + 2), context ID, message
    /// control header (data set: 0x00 more, 0x02 last; PS3.8 E.2). Lengths are big-endian.
    static func writeHeader(into bytes: UnsafeMutableRawBufferPointer, fragmentLength: Int, contextID: UInt8,
                            isLast: Bool) {
        bytes[0] = PDUType.dataTF.rawValue
        bytes[1] = 0
        bytes.storeBytes(of: UInt32(truncatingIfNeeded: fragmentLength + 6).bigEndian, toByteOffset: 2, as: UInt32.self)
        bytes.storeBytes(of: UInt32(truncatingIfNeeded: fragmentLength + 2).bigEndian, toByteOffset: 6, as: UInt32.self)
        bytes[10] = contextID
        bytes[11] = MessageControlHeader(isCommand: false, isLastFragment: isLast).rawValue
    }
}
