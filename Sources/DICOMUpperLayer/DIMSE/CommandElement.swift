/// One element of a command set: tag and raw value bytes, Implicit VR Little Endian (PS3.7 §6.3.1, PS3.5 §7.1.3).
///
/// The value is kept as received (including odd lengths and padding); typed accessors on `CommandSet`
/// interpret it.
public struct CommandElement: Hashable, Sendable {
    public var tag: CommandTag
    public var value: [UInt8]
    public init(tag: CommandTag, value: [UInt8]) { self.tag = tag; self.value = value }
}

extension Array where Element == CommandElement {
    /// Whether the elements are in ascending tag order (PS3.5 §7.1: a data set's elements are).
    var isSortedByTag: Bool {
        guard count > 1 else { return true }
        for index in 1..<count where self[index - 1].tag > self[index].tag { return false }
        return true
    }
}
