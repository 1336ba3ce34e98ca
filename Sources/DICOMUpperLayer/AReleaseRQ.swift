import NIOCore

/// A-RELEASE-RQ PDU, type 0x05 (PS3.8 §9.3.6, Table 9-24): 4 reserved bytes after the header.
public struct AReleaseRQ: Sendable, Equatable, Hashable {
    public init() {}

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeBytes([PDUType.releaseRQ.rawValue, 0, 0, 0, 0, 4, 0, 0, 0, 0])
    }

    /// The reserved bytes are not tested (PS3.8 Table 9-24); only the length is.
    public static func decode(body: ByteBuffer) throws(UpperLayerError) -> AReleaseRQ {
        try requireFixedLength4(WireReader(buffer: body, pduTypeCode: PDUType.releaseRQ.rawValue, baseOffset: 6))
        return AReleaseRQ()
    }
}
