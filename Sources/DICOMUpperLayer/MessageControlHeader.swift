/// The message control header of a presentation data value (PS3.8 Annex E.2).
///
/// Bit 0: 1 = the fragment holds command information, 0 = data set information.
/// Bit 1: 1 = the fragment is the last one of the command or data set, 0 = more follow.
/// Bits 2–7 must be 0; a received header that sets them is kept as-is (`rawValue`) and reported by the
/// reassembler rather than silently masked.
public struct MessageControlHeader: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public init(isCommand: Bool, isLastFragment: Bool) {
        rawValue = (isCommand ? 0x01 : 0x00) | (isLastFragment ? 0x02 : 0x00)
    }

    /// Bit 0.
    public var isCommand: Bool { rawValue & 0x01 != 0 }
    /// Bit 1.
    public var isLastFragment: Bool { rawValue & 0x02 != 0 }
    /// Bits 2–7 are reserved and shall be 0 (PS3.8 E.2).
    public var hasReservedBitsSet: Bool { rawValue & 0xFC != 0 }

    public static let dataMore = MessageControlHeader(rawValue: 0x00)
    public static let commandMore = MessageControlHeader(rawValue: 0x01)
    public static let dataLast = MessageControlHeader(rawValue: 0x02)
    public static let commandLast = MessageControlHeader(rawValue: 0x03)

    public var description: String {
        (isCommand ? "command" : "data") + (isLastFragment ? "-last" : "-more")
            + (hasReservedBitsSet ? String(format: "(0x%02X)", rawValue) : "")
    }
}

import Foundation
