import Foundation

/// One data element line of `dcmdump -q +L -Un` (DCMTK): indentation (four spaces per sequence level, items at two),
/// tag, VR,
/// the value text, and the length (nil for "u/l", undefined).
struct DcmdumpLine: Equatable, CustomStringConvertible {
    var depth: Int
    var tag: String
    var vr: String
    var value: String
    var length: UInt32?

    /// Element lines of the data set part of a dump: after "# Dicom-Data-Set", items and delimiters (fffe group)
    /// left out, as they are not data elements.
    static func dataSetLines(of dump: String) -> [DcmdumpLine] {
        var inDataSet = false
        // A text value with line breaks (an XML UT, say) spans several lines of the dump: the lines that do not
        // start a new element belong to the record before them.
        var records: [String] = []
        for line in dump.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            if line.hasPrefix("# Dicom-Data-Set") { inDataSet = true; continue }
            guard inDataSet else { continue }
            if line.drop(while: { $0 == " " }).hasPrefix("(") || records.isEmpty {
                records.append(String(line))
            } else {
                records[records.count - 1] += "\n" + line
            }
        }
        return records.compactMap(DcmdumpLine.init).filter { !$0.tag.hasPrefix("(fffe") }
    }

    init(depth: Int, tag: String, vr: String, value: String, length: UInt32?) {
        self.depth = depth; self.tag = tag; self.vr = vr; self.value = value; self.length = length
    }

    init?(_ line: String) {
        let indent = line.prefix { $0 == " " }.count
        let body = line.dropFirst(indent)
        guard body.hasPrefix("("), body.count > 15, let hash = body.range(of: " #", options: .backwards) else {
            return nil
        }
        depth = indent / 4
        tag = String(body.prefix(11))
        vr = String(body.dropFirst(12).prefix(2))
        value = String(body[body.index(body.startIndex, offsetBy: 15)..<hash.lowerBound])
            .trimmingCharacters(in: .whitespaces)
        let lengthText = body[hash.upperBound...].trimmingCharacters(in: .whitespaces)
            .split(separator: ",").first.map(String.init) ?? ""
        length = lengthText == "u/l" ? nil : UInt32(lengthText)
    }

    var description: String {
        "\(String(repeating: "    ", count: depth))\(tag) \(vr) \(value) #\(length.map(String.init) ?? "u/l")"
    }
}
