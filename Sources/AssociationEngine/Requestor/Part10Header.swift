import NIOCore

/// The File Meta Information of a DICOM file (PS3.10 §7.1): what a C-STORE needs to send the data set that
/// follows it, read from the first bytes of the file. Group 0002 is always Explicit VR Little Endian after the
/// 128-byte preamble and "DICM".
public struct Part10Header: Sendable, Equatable {
    /// (0002,0002) Media Storage SOP Class UID.
    public var sopClassUID: String
    /// (0002,0003) Media Storage SOP Instance UID.
    public var sopInstanceUID: String
    /// (0002,0010) Transfer Syntax UID of the data set.
    public var transferSyntaxUID: String
    /// Where the data set starts in the file.
    public var dataSetOffset: Int

    /// Why the first bytes are not a Part-10 header.
    public struct Error: Swift.Error, Sendable, Equatable, CustomStringConvertible {
        public var description: String
    }

    /// Reads the header from `bytes`, the start of the file (the whole group 0002 must be in it; 64 KiB is plenty
    /// for any real file). Throws, never traps, on anything else.
    public init(reading bytes: ByteBuffer) throws(Error) {
        var buffer = bytes
        guard buffer.readableBytes >= 132, buffer.getString(at: buffer.readerIndex + 128, length: 4) == "DICM" else {
            throw Error(description: "no DICM prefix after the 128-byte preamble (PS3.10 §7.1)")
        }
        buffer.moveReaderIndex(forwardBy: 132)
        var values: [UInt16: String] = [:]
        while buffer.readableBytes >= 8,
              buffer.getInteger(at: buffer.readerIndex, endianness: .little, as: UInt16.self) == 0x0002 {
            guard let element = buffer.getInteger(at: buffer.readerIndex + 2, endianness: .little, as: UInt16.self),
                  let vr = buffer.getString(at: buffer.readerIndex + 4, length: 2) else { break }
            let length: Int
            if ["OB", "OW", "OF", "OD", "OL", "OV", "SQ", "SV", "UC", "UN", "UR", "UT", "UV"].contains(vr) {
                guard let long = buffer.getInteger(at: buffer.readerIndex + 8, endianness: .little, as: UInt32.self),
                      long != 0xFFFF_FFFF else {
                    throw Error(description: "(0002,\(Self.hex(element))) has no defined length")
                }
                buffer.moveReaderIndex(forwardBy: 12)
                length = Int(long)
            } else {
                guard let short = buffer.getInteger(at: buffer.readerIndex + 6, endianness: .little,
                                                    as: UInt16.self) else { break }
                buffer.moveReaderIndex(forwardBy: 8)
                length = Int(short)
            }
            guard let value = buffer.readSlice(length: length) else {
                throw Error(description:
                    "File Meta Information element (0002,\(Self.hex(element))) runs past the bytes read")
            }
            if [0x0002, 0x0003, 0x0010].contains(element) {
                let text = value.getString(at: value.readerIndex, length: value.readableBytes) ?? ""
                values[element] = text.trimmed(of: [" ", "\0"])
            }
        }
        guard let sopClass = values[0x0002], let sopInstance = values[0x0003], let syntax = values[0x0010],
              !sopClass.isEmpty, !sopInstance.isEmpty, !syntax.isEmpty else {
            throw Error(description: "the File Meta Information lacks (0002,0002), (0002,0003) or (0002,0010)")
        }
        sopClassUID = sopClass
        sopInstanceUID = sopInstance
        transferSyntaxUID = syntax
        dataSetOffset = buffer.readerIndex - bytes.readerIndex
    }

    private static func hex(_ element: UInt16) -> String {
        let digits = String(element, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}

private extension String {
    func trimmed(of set: Set<Character>) -> String {
        var text = Substring(self)
        while let last = text.last, set.contains(last) { text = text.dropLast() }
        while let first = text.first, set.contains(first) { text = text.dropFirst() }
        return String(text)
    }
}
