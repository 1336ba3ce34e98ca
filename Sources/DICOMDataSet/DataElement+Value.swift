extension DataElement {
    /// The value without its trailing padding (PS3.5 §6.2: space for text, NUL for UI; some peers pad either way).
    public var trimmedValue: [UInt8]? {
        guard var bytes = value else { return nil }
        while let last = bytes.last, last == 0x20 || last == 0 { bytes.removeLast() }
        return bytes
    }

    /// The unsigned integers of a US or UL value, in the data set's byte order (PS3.5 §7.3).
    public var unsignedIntegers: [UInt32] {
        guard let vr, let value else { return [] }
        let width: Int
        switch vr {
        case .US: width = 2
        case .UL: width = 4
        default: return []
        }
        var out: [UInt32] = []
        var index = 0
        while index + width <= value.count {
            var number: UInt32 = 0
            for position in 0..<width {
                let byte = UInt32(value[index + (isBigEndian ? position : width - 1 - position)])
                number = number << 8 | byte
            }
            out.append(number)
            index += width
        }
        return out
    }
}
