import NIOCore

/// One complete PDU cut from the byte stream, before decoding (PS3.8 §9.3.1 common header).
public struct PDUFrame: Sendable, Equatable {
    public var type: PDUType
    /// The PDU-length bytes after the header (zero-copy slice).
    public var body: ByteBuffer
    /// Header and body as received (zero-copy slice), e.g. for a hex dump of the A-ASSOCIATE-RQ.
    public var raw: ByteBuffer

    public init(type: PDUType, body: ByteBuffer, raw: ByteBuffer) {
        self.type = type
        self.body = body
        self.raw = raw
    }

    /// Decodes the body.
    public func decode() throws(UpperLayerError) -> PDU {
        try PDU.decode(type: type.rawValue, body: body)
    }
}
