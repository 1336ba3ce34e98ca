/// Why a data set could not be read further: the bytes do not follow PS3.5 §7 where the reader stands, or a bound
/// of the reader was hit. The elements read before stay valid.
public struct DataSetReaderError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Reason: Sendable, Equatable {
        /// Explicit VR expected but the two bytes after the tag are not letters (PS3.5 §7.1.2).
        case invalidVR(UInt8, UInt8)
        /// Undefined length (FFFFFFFF) on an element that is neither a sequence, UN nor Pixel Data
        /// (PS3.5 §7.1.1 allows it only there).
        case undefinedLengthNotAllowed
        /// A data element inside a sequence that is not in an item (PS3.5 §7.5.1).
        case elementOutsideItem
        /// Sequences nested deeper than the reader's `maximumDepth`.
        case tooDeep(Int)
        /// A value length that cannot fit its container or the stream.
        case lengthOverrun(UInt32)
        /// The data set ended inside an element or an open sequence or item.
        case truncated
        /// A Deflated Explicit VR Little Endian data set whose deflate stream is corrupt (zlib's error).
        case corruptDeflate(String)
    }

    public var reason: Reason
    public var tag: DICOMTag?
    public var offset: Int

    public init(_ reason: Reason, tag: DICOMTag?, offset: Int) {
        self.reason = reason
        self.tag = tag
        self.offset = offset
    }

    public var description: String {
        let at = (tag.map { "\($0) " } ?? "") + "at byte \(offset)"
        switch reason {
        case .invalidVR(let a, let b):
            return "\(at): bytes \(hex(a)) \(hex(b)) where an explicit VR was expected (PS3.5 §7.1.2)"
        case .undefinedLengthNotAllowed:
            return "\(at): undefined length on an element that is not a sequence (PS3.5 §7.1.1)"
        case .elementOutsideItem:
            return "\(at): a data element in a sequence outside any item (PS3.5 §7.5.1)"
        case .tooDeep(let depth):
            return "\(at): sequences nested \(depth) deep, more than this reader follows"
        case .lengthOverrun(let length):
            return "\(at): value length \(length) runs past the end of its sequence or item"
        case .truncated:
            return "\(at): the data set ends inside an element or an open sequence"
        case .corruptDeflate(let zlib):
            return "\(at): the deflated data set does not inflate (\(zlib)); PS3.5 A.5 wants RFC 1951 deflate"
        }
    }

    private func hex(_ byte: UInt8) -> String {
        let digits = String(byte, radix: 16, uppercase: true)
        return "0x" + (digits.count == 1 ? "0" : "") + digits
    }
}
