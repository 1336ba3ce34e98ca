import DICOMDataSet
import Foundation

/// Reads the start of a DICOM Part-10 file (PS3.10 §7.1): the 128-byte preamble, "DICM", the File Meta
/// Information (group 0002, Explicit VR Little Endian) for its Transfer Syntax UID, then the data set in that
/// transfer syntax with `DataSetReader`, up to `limits`. Used to rebuild the query index from the storage
/// directory and to read worklist files; a file that is not Part-10 or does not read yields nil, never a trap.
enum Part10Reader {
    static func read(path: String, limits: DataSetReaderLimits, maximumFileBytes: Int) -> [DataElement]? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        guard let data = try? handle.read(upToCount: maximumFileBytes) else { return nil }
        return read(bytes: [UInt8](data), limits: limits)
    }

    static func read(bytes: [UInt8], limits: DataSetReaderLimits) -> [DataElement]? {
        guard bytes.count >= 132, bytes[128..<132].elementsEqual(Array("DICM".utf8)) else { return nil }
        var offset = 132
        var transferSyntax: String?
        while offset + 8 <= bytes.count {
            let group = UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8
            guard group == 0x0002 else { break }
            let element = UInt16(bytes[offset + 2]) | UInt16(bytes[offset + 3]) << 8
            guard let vr = ValueRepresentation(rawValue: String(decoding: bytes[offset + 4..<offset + 6],
                                                                as: UTF8.self)) else { return nil }
            var length: Int
            var header = 8
            if vr.hasLongLength {
                guard offset + 12 <= bytes.count else { return nil }
                length = 0
                for index in (8..<12).reversed() { length = length << 8 | Int(bytes[offset + index]) }
                header = 12
            } else {
                length = Int(bytes[offset + 6]) | Int(bytes[offset + 7]) << 8
            }
            guard offset + header + length <= bytes.count else { return nil }
            if element == 0x0010 {
                transferSyntax = String(decoding: bytes[offset + header..<offset + header + length], as: UTF8.self)
            }
            offset += header + length
        }
        guard let uid = transferSyntax, let encoding = DataSetEncoding(transferSyntaxUID: uid) else { return nil }
        var reader = DataSetReader(transferSyntax: encoding, limits: limits)
        reader.append(Array(bytes[offset...]))
        if case .failed = reader.state { return nil }
        return reader.elements
    }
}
