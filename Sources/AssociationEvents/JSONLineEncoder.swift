import Foundation

/// A small `Encoder` that writes one JSON object per event, fast: one pass, no intermediate tree of boxed values,
/// keys in declaration order (so `"event"` comes first, as in the README). Headless mode may write tens of
/// thousands of lines a second; Foundation's `JSONEncoder` costs several times more per event.
///
/// Supports what the event payloads use: keyed objects, arrays, strings, integers, booleans, doubles, dates
/// (ISO-8601 UTC with milliseconds) and optionals (absent when `nil`, as synthesized `encodeIfPresent` does).
struct JSONLineEncoder {
    func encode(_ value: some Encodable) throws -> String {
        let node = JSONNode()
        try value.encode(to: JSONNodeEncoder(node: node, codingPath: []))
        var out: [UInt8] = []
        out.reserveCapacity(512)
        node.write(into: &out)
        return String(decoding: out, as: UTF8.self)
    }
}

/// One value under construction; containers keep their already-written children as bytes.
final class JSONNode {
    enum Kind { case empty, object, array, scalar }
    var kind: Kind = .empty
    /// For objects: `"key":value` members; for arrays: values; for scalars: one value.
    var parts: [[UInt8]] = []

    func write(into out: inout [UInt8]) {
        switch kind {
        case .empty: out += Array("null".utf8)
        case .scalar: out += parts.first ?? Array("null".utf8)
        case .object, .array:
            out.append(kind == .object ? UInt8(ascii: "{") : UInt8(ascii: "["))
            for (index, part) in parts.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                out += part
            }
            out.append(kind == .object ? UInt8(ascii: "}") : UInt8(ascii: "]"))
        }
    }

    var bytes: [UInt8] {
        var out: [UInt8] = []
        write(into: &out)
        return out
    }

    static func quoted(_ string: String) -> [UInt8] {
        var out: [UInt8] = [UInt8(ascii: "\"")]
        out.reserveCapacity(string.utf8.count + 2)
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case 0x0A: out += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case 0x0D: out += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case 0x09: out += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case 0x00..<0x20:
                out += Array(String(format: "\\u%04x", byte).utf8)
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
        return out
    }

    static func number(_ value: Double) -> [UInt8] {
        guard value.isFinite else { return Array("null".utf8) }
        if value == value.rounded(), abs(value) < 1e15 { return Array(String(Int64(value)).utf8) }
        return Array("\(value)".utf8)
    }
}

private struct JSONNodeEncoder: Encoder {
    let node: JSONNode
    var codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        node.kind = .object
        return KeyedEncodingContainer(KeyedContainer<Key>(node: node, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        node.kind = .array
        return UnkeyedContainer(node: node, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleValueContainer(node: node, codingPath: codingPath)
    }
}

/// Encodes any value into bytes (dates as ISO-8601 strings, everything else through its own `encode(to:)`).
private func encodedBytes(_ value: some Encodable, codingPath: [any CodingKey]) throws -> [UInt8] {
    switch value {
    case let string as String: return JSONNode.quoted(string)
    case let int as Int: return Array(String(int).utf8)
    case let bool as Bool: return Array((bool ? "true" : "false").utf8)
    case let date as Date: return JSONNode.quoted(JSONLines.formatTime(date))
    case let double as Double: return JSONNode.number(double)
    default:
        let child = JSONNode()
        try value.encode(to: JSONNodeEncoder(node: child, codingPath: codingPath))
        return child.bytes
    }
}

private struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: JSONNode
    var codingPath: [any CodingKey]

    private func member(_ key: Key, _ value: [UInt8]) {
        node.parts.append(JSONNode.quoted(key.stringValue) + [UInt8(ascii: ":")] + value)
    }

    mutating func encodeNil(forKey key: Key) throws { member(key, Array("null".utf8)) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { member(key, Array((value ? "true" : "false").utf8)) }
    mutating func encode(_ value: String, forKey key: Key) throws { member(key, JSONNode.quoted(value)) }
    mutating func encode(_ value: Double, forKey key: Key) throws { member(key, JSONNode.number(value)) }
    mutating func encode(_ value: Float, forKey key: Key) throws { member(key, JSONNode.number(Double(value))) }
    mutating func encode(_ value: Int, forKey key: Key) throws { member(key, Array(String(value).utf8)) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { member(key, Array(String(value).utf8)) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { member(key, Array(String(value).utf8)) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { member(key, Array(String(value).utf8)) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { member(key, Array(String(value).utf8)) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { member(key, Array(String(value).utf8)) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { member(key, Array(String(value).utf8)) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { member(key, Array(String(value).utf8)) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { member(key, Array(String(value).utf8)) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { member(key, Array(String(value).utf8)) }
    mutating func encode(_ value: some Encodable, forKey key: Key) throws {
        member(key, try encodedBytes(value, codingPath: codingPath + [key]))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type,
                                                        forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        // Not used by the event payloads; encoded eagerly as an empty object.
        member(key, Array("{}".utf8))
        return KeyedEncodingContainer(KeyedContainer<NestedKey>(node: JSONNode(), codingPath: codingPath + [key]))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        member(key, Array("[]".utf8))
        return UnkeyedContainer(node: JSONNode(), codingPath: codingPath + [key])
    }

    mutating func superEncoder() -> any Encoder { JSONNodeEncoder(node: node, codingPath: codingPath) }
    mutating func superEncoder(forKey key: Key) -> any Encoder { JSONNodeEncoder(node: node, codingPath: codingPath) }
}

private struct UnkeyedContainer: UnkeyedEncodingContainer {
    let node: JSONNode
    var codingPath: [any CodingKey]
    var count: Int { node.parts.count }

    mutating func encodeNil() throws { node.parts.append(Array("null".utf8)) }
    mutating func encode(_ value: some Encodable) throws {
        node.parts.append(try encodedBytes(value, codingPath: codingPath))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type)
        -> KeyedEncodingContainer<NestedKey> {
        node.parts.append(Array("{}".utf8))
        return KeyedEncodingContainer(KeyedContainer<NestedKey>(node: JSONNode(), codingPath: codingPath))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        node.parts.append(Array("[]".utf8))
        return UnkeyedContainer(node: JSONNode(), codingPath: codingPath)
    }

    mutating func superEncoder() -> any Encoder { JSONNodeEncoder(node: node, codingPath: codingPath) }
}

private struct SingleValueContainer: SingleValueEncodingContainer {
    let node: JSONNode
    var codingPath: [any CodingKey]

    private func set(_ bytes: [UInt8]) {
        node.kind = .scalar
        node.parts = [bytes]
    }

    mutating func encodeNil() throws { set(Array("null".utf8)) }
    mutating func encode(_ value: Bool) throws { set(Array((value ? "true" : "false").utf8)) }
    mutating func encode(_ value: String) throws { set(JSONNode.quoted(value)) }
    mutating func encode(_ value: Double) throws { set(JSONNode.number(value)) }
    mutating func encode(_ value: Float) throws { set(JSONNode.number(Double(value))) }
    mutating func encode(_ value: Int) throws { set(Array(String(value).utf8)) }
    mutating func encode(_ value: Int8) throws { set(Array(String(value).utf8)) }
    mutating func encode(_ value: Int16) throws { set(Array(String(value).utf8)) }
    mutating func encode(_ value: Int32) throws { set(Array(String(value).utf8)) }
    mutating func encode(_ value: Int64) throws { set(Array(String(value).utf8)) }
    mutating func encode(_ value: UInt) throws { set(Array(String(value).utf8)) }
    mutating func encode(_ value: UInt8) throws { set(Array(String(value).utf8)) }
    mutating func encode(_ value: UInt16) throws { set(Array(String(value).utf8)) }
    mutating func encode(_ value: UInt32) throws { set(Array(String(value).utf8)) }
    mutating func encode(_ value: UInt64) throws { set(Array(String(value).utf8)) }
    mutating func encode(_ value: some Encodable) throws { set(try encodedBytes(value, codingPath: codingPath)) }
}
