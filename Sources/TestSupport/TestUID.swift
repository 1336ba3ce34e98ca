import Foundation

/// UIDs for test data sets and requests, under the 2.25 root that needs no registration (PS3.5 §B.2: "2.25."
/// followed by the decimal form of a 128-bit UUID, here with the UUID version 4 and variant bits set).
public enum TestUID {
    /// A UID no other run will use (from a random UUID).
    public static func unique() -> String {
        let bytes = UUID().uuid
        let value = withUnsafeBytes(of: bytes) { raw in raw.reduce(UInt128(0)) { $0 << 8 | UInt128($1) } }
        return derived(from: value)
    }

    /// The UID of the 128-bit value `value`, after setting its version (4) and variant (10) bits as RFC 9562 does
    /// for random UUIDs; at most 2.25 + 39 digits = 44 characters, within PS3.5's 64.
    public static func derived(from value: UInt128) -> String {
        var uuid = value & ~(UInt128(0xF000) << 64) | (UInt128(0x4000) << 64)
        uuid = uuid & ~(UInt128(0xC000_0000_0000_0000)) | UInt128(0x8000_0000_0000_0000)
        return "2.25." + String(uuid)
    }
}
