/// One row of the data dictionary (PS3.6 §6): name, keyword, VR, VM and whether the element is retired.
public struct TagEntry: Sendable, Equatable {
    /// The tag as PS3.6 writes it, 8 hexadecimal digits; "xx" digits for a repeating group ("60xx3000").
    public var tagPattern: String
    /// The VR as PS3.6 writes it: "PN", "US or SS", "OB or OW".
    public var vr: String
    /// The value multiplicity: "1", "1-n", "2-2n", ...
    public var vm: String
    public var keyword: String
    public var name: String
    public var isRetired: Bool

    /// The VR an implicit VR data set gives the element (the first of several).
    public var valueRepresentation: ValueRepresentation? { ValueRepresentation(dictionary: vr) }
}
