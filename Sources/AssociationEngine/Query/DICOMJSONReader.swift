import DICOMDataSet
import Foundation

/// Reads data sets in the DICOM JSON Model (PS3.18 F.2): an object whose keys are tags as eight hexadecimal digits,
/// each with its "vr" and "Value" array (F.2.2); Person Name values as objects of "Alphabetic", "Ideographic" and
/// "Phonetic" groups (F.2.2.1.1); sequences as arrays of such objects. A file may hold one data set or an array of
/// them (F.2.1). JSON text is UTF-8, so the data set is given Specific Character Set ISO_IR 192. InlineBinary and
/// BulkDataURI values are not read (a worklist item has none). Anything else yields nil, never a trap.
enum DICOMJSONReader {
    static func read(_ data: Data) -> [AttributeSet]? {
        guard let json = try? JSONSerialization.jsonObject(with: data) else { return nil }
        let objects = (json as? [Any]) ?? [json]
        var out: [AttributeSet] = []
        for object in objects {
            guard let dictionary = object as? [String: Any], var set = dataSet(dictionary, depth: 0) else { return nil }
            set[.specificCharacterSet] = AttributeValue(vr: .CS, bytes: Array("ISO_IR 192".utf8))
            out.append(set)
        }
        return out
    }

    /// Sequences nested deeper are not read (as `DataSetReaderLimits.maximumDepth`).
    static let maximumDepth = 16

    private static func dataSet(_ object: [String: Any], depth: Int) -> AttributeSet? {
        guard depth < maximumDepth else { return nil }
        var set = AttributeSet()
        for (key, entry) in object {
            guard key.count == 8, let number = UInt32(key, radix: 16), let attribute = entry as? [String: Any],
                  let vrName = attribute["vr"] as? String, let vr = ValueRepresentation(rawValue: vrName) else {
                return nil
            }
            let tag = DICOMTag(number)
            guard tag != .specificCharacterSet else { continue }
            let values = attribute["Value"] as? [Any] ?? []
            if vr == .SQ {
                var items: [AttributeSet] = []
                for item in values {
                    guard let object = item as? [String: Any], let child = dataSet(object, depth: depth + 1) else {
                        return nil
                    }
                    items.append(child)
                }
                set[tag] = AttributeValue(vr: .SQ, bytes: [], items: items)
            } else if let bytes = encode(values, vr: vr) {
                set[tag] = AttributeValue(vr: vr, bytes: bytes)
            } else {
                return nil
            }
        }
        return set
    }

    /// The value bytes: text values joined by "\" (PS3.5 §6.4), numbers little endian.
    private static func encode(_ values: [Any], vr: ValueRepresentation) -> [UInt8]? {
        if vr.isString {
            var texts: [String] = []
            for value in values {
                switch value {
                case let text as String: texts.append(text)
                case let number as NSNumber: texts.append(number.stringValue)
                case let name as [String: Any]:
                    let groups = ["Alphabetic", "Ideographic", "Phonetic"].map { name[$0] as? String ?? "" }
                    var joined = groups.joined(separator: "=")
                    while joined.hasSuffix("=") { joined.removeLast() }
                    texts.append(joined)
                case is NSNull: texts.append("")
                default: return nil
                }
            }
            return Array(texts.joined(separator: "\\").utf8)
        }
        var bytes: [UInt8] = []
        for value in values {
            if vr == .AT, let text = value as? String, let tag = UInt32(text, radix: 16) {
                for number in [UInt16(truncatingIfNeeded: tag >> 16), UInt16(truncatingIfNeeded: tag)] {
                    bytes += [UInt8(truncatingIfNeeded: number), UInt8(truncatingIfNeeded: number >> 8)]
                }
                continue
            }
            guard let number = value as? NSNumber else { return nil }
            switch vr {
            case .US, .SS: bytes += littleEndian(UInt64(bitPattern: number.int64Value), width: 2)
            case .UL, .SL: bytes += littleEndian(UInt64(bitPattern: number.int64Value), width: 4)
            case .SV, .UV: bytes += littleEndian(UInt64(bitPattern: number.int64Value), width: 8)
            case .FL: bytes += littleEndian(UInt64(Float(number.doubleValue).bitPattern), width: 4)
            case .FD: bytes += littleEndian(number.doubleValue.bitPattern, width: 8)
            default: return nil
            }
        }
        return bytes
    }

    private static func littleEndian(_ value: UInt64, width: Int) -> [UInt8] {
        (0..<width).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
    }
}
