/// SplitMix64 (Steele, Lea, Flood 2014): a small generator whose whole stream follows from one 64-bit seed, so
/// `--demo --seed N` sends the same requestors, images and UIDs every time.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A UID under 2.25 (PS3.5 §B.2: the decimal form of a 128-bit UUID, version 4 bits set) from the stream.
    mutating func uid() -> String {
        var value = UInt128(next()) << 64 | UInt128(next())
        value = value & ~(UInt128(0xF000) << 64) | (UInt128(0x4000) << 64)
        value = value & ~UInt128(0xC000_0000_0000_0000) | UInt128(0x8000_0000_0000_0000)
        return "2.25." + String(value)
    }
}
