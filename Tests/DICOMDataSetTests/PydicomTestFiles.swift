import Foundation
import TestSupport

/// pydicom's own test files (`pydicom.data`), located through the installed pydicom, and the Part-10 split of a file
/// into its File Meta Information transfer syntax and data set bytes (PS3.10 §7.1).
enum PydicomTestFiles {
    static let root: String? = {
        let output = run("/usr/bin/env", ["python3", "-c",
                                          "import pydicom, os; print(os.path.dirname(pydicom.__file__))"])
        return output?.trimmingCharacters(in: .whitespacesAndNewlines)
    }()

    static func path(_ name: String, charset: Bool = false) -> String? {
        guard let root else { return nil }
        let path = "\(root)/data/\(charset ? "charset_files" : "test_files")/\(name)"
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }

    static func run(_ executable: String, _ arguments: [String]) -> String? {
        runData(executable, arguments).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Standard output of a program that exits 0, nil otherwise. Blocking: the XCTest cases calling it are
    /// synchronous.
    static func runData(_ executable: String, _ arguments: [String]) -> Data? {
        guard let outcome = try? Subprocess.runBlocking(executable, arguments, timeout: .seconds(60)),
              outcome.status == 0 else { return nil }
        return outcome.stdoutData
    }
}

/// A Part-10 file: the transfer syntax of its meta header (0002,0010) and the data set after it.
struct Part10File {
    var transferSyntaxUID: String
    var dataSet: [UInt8]

    /// Reads the preamble, "DICM" and the group 0002 elements (always Explicit VR Little Endian, PS3.10 §7.1).
    init?(path: String) {
        guard let data = FileManager.default.contents(atPath: path), data.count > 132 else { return nil }
        let bytes = [UInt8](data)
        guard bytes[128..<132].elementsEqual(Array("DICM".utf8)) else { return nil }
        var index = 132
        var syntax = ""
        while index + 8 <= bytes.count {
            let group = UInt16(bytes[index]) | UInt16(bytes[index + 1]) << 8
            guard group == 0x0002 else { break }
            let element = UInt16(bytes[index + 2]) | UInt16(bytes[index + 3]) << 8
            let vr = String(decoding: bytes[(index + 4)..<(index + 6)], as: UTF8.self)
            let long = ["OB", "OW", "UN", "SQ", "UT", "UC", "UR"].contains(vr)
            let length: Int
            let header: Int
            if long {
                length = Int(bytes[index + 8]) | Int(bytes[index + 9]) << 8 | Int(bytes[index + 10]) << 16
                    | Int(bytes[index + 11]) << 24
                header = 12
            } else {
                length = Int(bytes[index + 6]) | Int(bytes[index + 7]) << 8
                header = 8
            }
            if element == 0x0010 {
                syntax = String(decoding: bytes[(index + header)..<(index + header + length)], as: UTF8.self)
                    .trimmingCharacters(in: CharacterSet(charactersIn: "\0 "))
            }
            index += header + length
        }
        transferSyntaxUID = syntax
        dataSet = Array(bytes[index...])
    }
}
