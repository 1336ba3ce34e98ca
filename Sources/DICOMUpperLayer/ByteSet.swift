/// A set of byte values (presentation context IDs, item types) as 256 bits on the stack.
///
/// The decoders check every A-ASSOCIATE for repeated context IDs and sub-items; a `Set<UInt8>` for that cost an
/// allocation and hashing per request, on the path every association takes.
struct ByteSet {
    private var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)

    /// Adds `value`; returns whether it was not in the set before (as `Set.insert(_:).inserted`).
    @discardableResult
    mutating func insert(_ value: UInt8) -> Bool {
        let bit = UInt64(1) << UInt64(value & 63)
        let inserted: Bool
        switch value >> 6 {
        case 0: inserted = words.0 & bit == 0; words.0 |= bit
        case 1: inserted = words.1 & bit == 0; words.1 |= bit
        case 2: inserted = words.2 & bit == 0; words.2 |= bit
        default: inserted = words.3 & bit == 0; words.3 |= bit
        }
        return inserted
    }

    func contains(_ value: UInt8) -> Bool {
        let bit = UInt64(1) << UInt64(value & 63)
        switch value >> 6 {
        case 0: return words.0 & bit != 0
        case 1: return words.1 & bit != 0
        case 2: return words.2 & bit != 0
        default: return words.3 & bit != 0
        }
    }
}
