import NIOCore

/// One presentation data value item of a P-DATA-TF PDU (PS3.8 §9.3.5.1, Table 9-23; Annex E).
///
/// On the wire: item length (uint32, = fragment length + 2), presentation context ID (1 byte),
/// message control header (1 byte), then the fragment. `fragment` is a slice of the received buffer —
/// never a copy — so reassembling a large data set costs no per-byte work here.
public struct PresentationDataValue: Sendable, Equatable {
    public var presentationContextID: UInt8
    public var messageControlHeader: MessageControlHeader
    public var fragment: ByteBuffer

    public init(presentationContextID: UInt8, messageControlHeader: MessageControlHeader, fragment: ByteBuffer) {
        self.presentationContextID = presentationContextID
        self.messageControlHeader = messageControlHeader
        self.fragment = fragment
    }

    /// Bytes this item occupies on the wire: 4 (length) + 1 (PC ID) + 1 (header) + fragment.
    public var encodedLength: Int { 6 + fragment.readableBytes }
}
