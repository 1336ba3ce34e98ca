/// Reassembles the first handshake message of one direction of a TLS connection from raw bytes.
///
/// A handshake message may span several records and a record several reads (RFC 8446 §5.1), so the reader keeps
/// what it was fed until the message is complete. Lengths are checked before anything is buffered: a record may
/// carry at most 2^14 + 2048 bytes (RFC 5246 §6.2.3) and we accept first messages up to 64 KiB.
struct TLSHandshakeMessageReader {
    enum Outcome: Equatable {
        case needMoreBytes
        case message(type: UInt8, body: [UInt8])
        /// The first record is not a handshake record (content type 22); the first bytes seen.
        case notHandshake(firstBytes: [UInt8])
        case malformed(String)
    }

    static let maximumRecordLength = (1 << 14) + 2048
    static let maximumMessageLength = 1 << 16

    private var raw: [UInt8] = []
    private var handshake: [UInt8] = []
    private var recordsRead = 0

    mutating func feed<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> Outcome {
        raw.append(contentsOf: bytes)
        var offset = 0
        defer { raw.removeFirst(offset) }
        while raw.count - offset >= 1 {
            let type = raw[offset]
            guard type == 0x16 else {
                if recordsRead == 0 { return .notHandshake(firstBytes: Array(raw[offset...].prefix(8))) }
                return .malformed("record type \(type) inside the first handshake message")
            }
            guard raw.count - offset >= 5 else { return .needMoreBytes }
            guard raw[offset + 1] == 0x03 else {
                return .malformed("record version \(raw[offset + 1]).\(raw[offset + 2]) is not 3.x")
            }
            let length = Int(raw[offset + 3]) << 8 | Int(raw[offset + 4])
            guard length > 0, length <= Self.maximumRecordLength else {
                return .malformed("record length \(length)")
            }
            guard raw.count - offset - 5 >= length else { return .needMoreBytes }
            handshake.append(contentsOf: raw[(offset + 5)..<(offset + 5 + length)])
            offset += 5 + length
            recordsRead += 1
            if handshake.count >= 4 {
                let messageLength = Int(handshake[1]) << 16 | Int(handshake[2]) << 8 | Int(handshake[3])
                guard messageLength <= Self.maximumMessageLength else {
                    return .malformed("handshake message length \(messageLength)")
                }
                if handshake.count >= 4 + messageLength {
                    return .message(type: handshake[0], body: Array(handshake[4..<(4 + messageLength)]))
                }
            }
        }
        return .needMoreBytes
    }
}
