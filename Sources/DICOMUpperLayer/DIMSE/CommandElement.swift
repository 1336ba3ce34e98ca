/// One element of a command set: tag and raw value bytes, Implicit VR Little Endian (PS3.7 §6.3.1, PS3.5 §7.1.3).
///
/// The value is kept as received (including odd lengths and padding); typed accessors on `CommandSet`
/// interpret it.
public struct CommandElement: Hashable, Sendable {
    public var tag: CommandTag
    public var value: [UInt8]
    public init(tag: CommandTag, value: [UInt8]) { self.tag = tag; self.value = value }
}
