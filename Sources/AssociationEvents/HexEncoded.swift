/// Bytes that the JSON lines carry as lower-case hex (the `raw` PDUs): in Swift they stay `[UInt8]`, and reading a
/// line back turns the hex into bytes again. A string that is not hex digits in pairs does not read.
@propertyWrapper
public struct HexEncoded: Sendable, Equatable, Decodable {
    public var wrappedValue: [UInt8]

    public init(wrappedValue: [UInt8]) {
        self.wrappedValue = wrappedValue
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let bytes = Hex.bytes(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not hex digits in pairs")
        }
        wrappedValue = bytes
    }
}
