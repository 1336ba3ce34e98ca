import NIOCore

/// A-RELEASE-RP PDU, type 0x06 (PS3.8 §9.3.7, Table 9-25): 4 reserved bytes after the header.
public struct AReleaseRP: Sendable, Equatable, Hashable {
    public init() {}

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeBytes([PDUType.releaseRP.rawValue, 0, 0, 0, 0, 4, 0, 0, 0, 0])
    }

    /// The reserved bytes are not tested (PS3.8 Table 9-25); only the length is.
    public static func decode(body: ByteBuffer) throws(UpperLayerError) -> AReleaseRP {
        try requireFixedLength4(WireReader(buffer: body, pduTypeCode: PDUType.releaseRP.rawValue, baseOffset: 6))
        return AReleaseRP()
    }
}
