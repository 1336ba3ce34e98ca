extension PDUDissector {
    /// One part of a PDU as `PDUDissector.items(_:)` found it: what it is, where it is, and its value where the
    /// standard gives it one.
    public struct Item: Sendable, Equatable {
        public enum Kind: Sendable, Equatable {
            /// PDU-type, reserved, PDU-length (PS3.8 §9.3.1); 6 bytes.
            case pduHeader(type: UInt8, pduLength: Int)
            /// Protocol-version and the two reserved bytes after it (Table 9-11 bytes 7–10).
            case protocolVersion(UInt16)
            /// Called-AE-title (bytes 11–26), printable and without its padding.
            case calledAETitle(String)
            /// Calling-AE-title (bytes 27–42).
            case callingAETitle(String)
            /// The 32 reserved bytes 43–74.
            case reserved
            /// An item or sub-item: Item-type and the Item-length it declares (which may run past its container).
            case item(type: UInt8, itemLength: Int)
            /// The body of a PDU other than an A-ASSOCIATE-RQ/AC, kept whole.
            case body
            /// Too few bytes for a PDU or item header.
            case truncated
        }

        public var kind: Kind
        /// Offset from the first byte of the PDU.
        public var offset: Int
        /// Bytes this entry covers by itself: a whole leaf item, but only the header of an item whose sub-items
        /// follow it (8 bytes of a presentation context, 4 of user information).
        public var length: Int
        /// 0 for the PDU's own fields and items; 1 for sub-items of a presentation context or user information.
        public var depth: Int
        /// The item's declared Item-length runs past the end of its container (the value is cut there).
        public var isTruncated: Bool
        /// Presentation-context-ID of a presentation context item (0x20, 0x21).
        public var presentationContextID: UInt8?
        /// Result/Reason of an A-ASSOCIATE-AC presentation context item (0x21; PS3.8 Table 9-18).
        public var result: UInt8?
        /// The value of a UID or name sub-item (0x10, 0x30, 0x40, 0x52, 0x55), printable and without padding.
        public var text: String?
        /// The value of a Maximum Length sub-item (0x51).
        public var number: Int?

        public init(kind: Kind, offset: Int, length: Int, depth: Int, isTruncated: Bool = false,
                    presentationContextID: UInt8? = nil, result: UInt8? = nil, text: String? = nil,
                    number: Int? = nil) {
            self.kind = kind; self.offset = offset; self.length = length; self.depth = depth
            self.isTruncated = isTruncated; self.presentationContextID = presentationContextID; self.result = result
            self.text = text; self.number = number
        }

        /// What PS3.8 calls it: "PDU header", "Called-AE-title", "Presentation Context (RQ)", ...
        public var name: String {
            switch kind {
            case .pduHeader: "PDU header"
            case .protocolVersion: "Protocol-version"
            case .calledAETitle: "Called-AE-title"
            case .callingAETitle: "Calling-AE-title"
            case .reserved: "reserved"
            case .item(let type, _): PDUDissector.itemName(type)
            case .body: "PDU body"
            case .truncated: "truncated"
            }
        }
    }
}
