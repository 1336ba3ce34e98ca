/// One entry of a received DIMSE message as read: a command set element (PS3.7 §6.3.1, Annex E) or a data set
/// element, item or delimiter (PS3.5 §7.1, §7.5), in stream order: the message's tag tree, flattened. A
/// sequence's items follow it one `depth` deeper, an item's elements one deeper than the item; a delimiter has
/// the depth of what it closes.
public struct MessageElement: Sendable, Decodable, Equatable {
    /// Which part of the message the entry is in.
    public enum Part: String, Sendable, Decodable { case command, dataSet = "data-set" }
    public enum Kind: String, Sendable, Decodable {
        case element
        /// Item (FFFE,E000).
        case item
        /// Item Delimitation Item (FFFE,E00D).
        case itemDelimitation = "item-delimitation"
        /// Sequence Delimitation Item (FFFE,E0DD).
        case sequenceDelimitation = "sequence-delimitation"
    }

    public var part: Part
    public var kind: Kind
    /// Level in the tree (0 = top level).
    public var depth: Int
    /// "(0010,0010)".
    public var tag: String
    /// PS3.6 (data set) or PS3.7 Table E.1-1 (command set) keyword, when the dictionary knows the tag.
    public var keyword: String?
    /// Absent for items and delimiters.
    public var vr: String?
    /// Value Length; absent when undefined (FFFFFFFFH, PS3.5 §7.1.1).
    public var length: Int?
    /// The value as text, at most 64 characters: strings decoded in the Specific Character Set, numbers and
    /// binary values "\"-separated. Absent for sequences, items, Pixel Data and values too long to be kept.
    public var value: String?

    public init(part: Part, kind: Kind = .element, depth: Int, tag: String, keyword: String? = nil,
                vr: String? = nil, length: Int?, value: String? = nil) {
        self.part = part; self.kind = kind; self.depth = depth; self.tag = tag; self.keyword = keyword
        self.vr = vr; self.length = length; self.value = value
    }
}
