/// SplitMix64 (Steele, Lea, Flood 2014): a small generator whose whole stream follows from one 64-bit seed, so
/// random chunking, mutation and garbage-input tests send the same bytes on every run. `assocmon --demo` has its
/// own copy (DemoTraffic's `SeededGenerator`): the shipped executable does not link test support.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A UID under 2.25 made from the next 128 bits of the stream: the same UIDs for the same seed.
    public mutating func uid() -> String {
        TestUID.derived(from: UInt128(next()) << 64 | UInt128(next()))
    }
}
