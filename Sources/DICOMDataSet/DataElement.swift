/// One entry of a data set as read, in stream order: a data element, or an item or delimiter of a sequence
/// (PS3.5 §7.5). A sequence's items and their elements follow it with `depth` one higher.
public struct DataElement: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case element
        /// Item (FFFE,E000) of a sequence.
        case item
        /// Item Delimitation Item (FFFE,E00D), closing an item of undefined length.
        case itemDelimitation
        /// Sequence Delimitation Item (FFFE,E0DD), closing a sequence of undefined length.
        case sequenceDelimitation
    }

    /// The Value Length "undefined" (PS3.5 §7.1.1).
    public static let undefinedLength: UInt32 = 0xFFFF_FFFF

    public var kind: Kind
    public var tag: DICOMTag
    /// From the wire in explicit VR, from the dictionary in implicit VR; nil for items and delimiters.
    public var vr: ValueRepresentation?
    public var length: UInt32
    /// Number of sequences this entry is nested in (0 = top-level data set).
    public var depth: Int
    /// Byte offset of the tag from the start of the data set.
    public var offset: Int
    /// The value bytes, in the data set's byte order; nil for sequences, items, pixel data and values longer than
    /// the reader's `maximumValueLength` (skipped, not buffered).
    public var value: [UInt8]?
    /// True when the value's numbers are big endian (Explicit VR Big Endian).
    public var isBigEndian: Bool

    public var isUndefinedLength: Bool { length == Self.undefinedLength }

    public init(kind: Kind = .element, tag: DICOMTag, vr: ValueRepresentation?, length: UInt32, depth: Int,
                offset: Int, value: [UInt8]?, isBigEndian: Bool = false) {
        self.kind = kind; self.tag = tag; self.vr = vr; self.length = length; self.depth = depth
        self.offset = offset; self.value = value; self.isBigEndian = isBigEndian
    }
}
