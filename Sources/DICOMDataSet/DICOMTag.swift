/// A data element tag: group and element number (PS3.5 §7.1). Ordered as PS3.5 §7.1 orders elements in a data
/// set, by group then element.
public struct DICOMTag: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var group: UInt16
    public var element: UInt16

    public init(_ group: UInt16, _ element: UInt16) {
        self.group = group
        self.element = element
    }

    public init(_ value: UInt32) {
        self.init(UInt16(truncatingIfNeeded: value >> 16), UInt16(truncatingIfNeeded: value))
    }

    public var value: UInt32 { UInt32(group) << 16 | UInt32(element) }

    /// Odd groups other than 0001, 0003, 0005, 0007 and FFFF hold private data elements (PS3.5 §7.8.1).
    public var isPrivate: Bool { group & 1 == 1 && group > 0x0007 && group != 0xFFFF }

    /// (gggg,0010)–(gggg,00FF) in a private group reserve a block for a private creator (PS3.5 §7.8.1).
    public var isPrivateCreator: Bool { isPrivate && (0x0010...0x00FF).contains(element) }

    /// (gggg,0000): the retired Group Length elements (PS3.5 §7.2).
    public var isGroupLength: Bool { element == 0 }

    /// "(0010,0010)", upper-case hexadecimal, as PS3.6 writes tags.
    public var description: String { "(\(Self.hex(group)),\(Self.hex(element)))" }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.value < rhs.value }

    static func hex(_ value: UInt16) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: 4 - digits.count) + digits
    }
}

extension DICOMTag {
    public static let specificCharacterSet = DICOMTag(0x0008, 0x0005)
    public static let sopClassUID = DICOMTag(0x0008, 0x0016)
    public static let sopInstanceUID = DICOMTag(0x0008, 0x0018)
    public static let studyDate = DICOMTag(0x0008, 0x0020)
    public static let modality = DICOMTag(0x0008, 0x0060)
    public static let studyDescription = DICOMTag(0x0008, 0x1030)
    public static let patientName = DICOMTag(0x0010, 0x0010)
    public static let patientID = DICOMTag(0x0010, 0x0020)
    public static let studyInstanceUID = DICOMTag(0x0020, 0x000D)
    public static let seriesInstanceUID = DICOMTag(0x0020, 0x000E)
    public static let seriesNumber = DICOMTag(0x0020, 0x0011)
    public static let instanceNumber = DICOMTag(0x0020, 0x0013)
    public static let numberOfFrames = DICOMTag(0x0028, 0x0008)
    public static let rows = DICOMTag(0x0028, 0x0010)
    public static let columns = DICOMTag(0x0028, 0x0011)
    public static let pixelData = DICOMTag(0x7FE0, 0x0010)
    /// Item, Item Delimitation Item, Sequence Delimitation Item (PS3.5 §7.5).
    public static let item = DICOMTag(0xFFFE, 0xE000)
    public static let itemDelimitationItem = DICOMTag(0xFFFE, 0xE00D)
    public static let sequenceDelimitationItem = DICOMTag(0xFFFE, 0xE0DD)
}
