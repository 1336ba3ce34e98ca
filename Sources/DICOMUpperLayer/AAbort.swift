import NIOCore

/// A-ABORT PDU, type 0x07 (PS3.8 §9.3.8, Table 9-26): always 4 bytes after the header.
public struct AAbort: Sendable, Equatable, Hashable, CustomStringConvertible {
    public var source: UInt8
    /// Meaningful only when `source` is 2 (service-provider); otherwise sent as 0.
    public var reason: UInt8

    public init(source: UInt8, reason: UInt8 = 0) {
        self.source = source
        self.reason = reason
    }

    /// Source values (PS3.8 Table 9-26).
    public enum Source {
        public static let serviceUser: UInt8 = 0
        public static let reserved: UInt8 = 1
        public static let serviceProvider: UInt8 = 2
    }

    /// Reason/Diag. values when the source is the service-provider (PS3.8 Table 9-26).
    public enum Reason {
        public static let notSpecified: UInt8 = 0
        public static let unrecognizedPDU: UInt8 = 1
        public static let unexpectedPDU: UInt8 = 2
        public static let unrecognizedPDUParameter: UInt8 = 4
        public static let unexpectedPDUParameter: UInt8 = 5
        public static let invalidPDUParameterValue: UInt8 = 6
    }

    /// The abort a local user (the operator) sends: source 0, reason 0 (AA-1).
    public static let serviceUser = AAbort(source: Source.serviceUser, reason: 0)

    public var description: String {
        let s = source == 0 ? "service-user" : source == 2 ? "service-provider" : "source \(source)"
        let names: [UInt8: String] = [0: "reason-not-specified", 1: "unrecognized-PDU", 2: "unexpected-PDU",
                                      4: "unrecognized-PDU-parameter", 5: "unexpected-PDU-parameter",
                                      6: "invalid-PDU-parameter-value"]
        return source == 2 ? "\(s), \(names[reason] ?? "reason \(reason)") (\(source)/\(reason))" : "\(s) (\(source)/\(reason))"
    }

    public func encode(into buffer: inout ByteBuffer, mode: EncodingMode = .strict) throws(UpperLayerError) {
        let p = PDUType.abort.rawValue
        if mode == .strict, source != 0 && source != 2 || (source == 2 && (reason > 6 || reason == 3)) {
            throw encodingError(p, "Source/Reason", "source must be 0 or 2 and reason 0–2 or 4–6 (PS3.8 Table 9-26)")
        }
        buffer.writeBytes([p, 0, 0, 0, 0, 4, 0, 0, source, reason])
    }

    public static func decode(body: ByteBuffer) throws(UpperLayerError) -> AAbort {
        var r = WireReader(buffer: body, pduTypeCode: PDUType.abort.rawValue, baseOffset: 6)
        try requireFixedLength4(r)
        _ = try r.readUInt16("Reserved")
        return AAbort(source: try r.readUInt8("Source"), reason: try r.readUInt8("Reason/Diag."))
    }
}
