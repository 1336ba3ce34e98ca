import NIOCore

/// A-ASSOCIATE-RJ PDU, type 0x03 (PS3.8 §9.3.4, Table 9-21): always 4 bytes after the header.
///
/// Kept as the raw (result, source, reason) triple everywhere; the nested constants
/// name the values.
public struct AAssociateRJ: Sendable, Equatable, Hashable, CustomStringConvertible {
    public var result: UInt8
    public var source: UInt8
    public var reason: UInt8

    public init(result: UInt8, source: UInt8, reason: UInt8) {
        self.result = result
        self.source = source
        self.reason = reason
    }

    /// Result values (PS3.8 Table 9-21).
    public enum Result {
        public static let rejectedPermanent: UInt8 = 1
        public static let rejectedTransient: UInt8 = 2
    }

    /// Source values (PS3.8 Table 9-21).
    public enum Source {
        public static let serviceUser: UInt8 = 1
        public static let serviceProviderACSE: UInt8 = 2
        public static let serviceProviderPresentation: UInt8 = 3
    }

    /// Reason/Diag. values; their meaning depends on the source (PS3.8 Table 9-21).
    public enum Reason {
        /// Source 1.
        public static let noReasonGiven: UInt8 = 1
        public static let applicationContextNameNotSupported: UInt8 = 2
        public static let callingAETitleNotRecognized: UInt8 = 3
        public static let calledAETitleNotRecognized: UInt8 = 7
        /// Source 2.
        public static let protocolVersionNotSupported: UInt8 = 2
        /// Source 3.
        public static let temporaryCongestion: UInt8 = 1
        public static let localLimitExceeded: UInt8 = 2
    }

    public static let callingAETitleNotRecognized = AAssociateRJ(result: 1, source: 1, reason: 3)
    public static let calledAETitleNotRecognized = AAssociateRJ(result: 1, source: 1, reason: 7)
    public static let applicationContextNameNotSupported = AAssociateRJ(result: 1, source: 1, reason: 2)
    public static let noReasonGiven = AAssociateRJ(result: 1, source: 1, reason: 1)
    public static let protocolVersionNotSupported = AAssociateRJ(result: 1, source: 2, reason: 2)
    public static let localLimitExceeded = AAssociateRJ(result: 2, source: 3, reason: 2)
    public static let temporaryCongestion = AAssociateRJ(result: 2, source: 3, reason: 1)

    /// Plain-words reading of the triple.
    public var description: String {
        let r = result == 1 ? "rejected-permanent" : result == 2 ? "rejected-transient" : "result \(result)"
        let s: String
        let why: String
        switch source {
        case 1:
            s = "service-user"
            why = [1: "no-reason-given", 2: "application-context-name-not-supported",
                   3: "calling-AE-title-not-recognized", 7: "called-AE-title-not-recognized"][reason] ?? "reason \(reason)"
        case 2:
            s = "service-provider (ACSE)"
            why = [1: "no-reason-given", 2: "protocol-version-not-supported"][reason] ?? "reason \(reason)"
        case 3:
            s = "service-provider (presentation)"
            why = [1: "temporary-congestion", 2: "local-limit-exceeded"][reason] ?? "reason \(reason)"
        default:
            s = "source \(source)"
            why = "reason \(reason)"
        }
        return "\(r), \(s), \(why) (\(result)/\(source)/\(reason))"
    }

    public func encode(into buffer: inout ByteBuffer, mode: EncodingMode = .strict) throws(UpperLayerError) {
        let p = PDUType.associateRJ.rawValue
        if mode == .strict, !(1...2).contains(result) || !(1...3).contains(source) {
            throw encodingError(p, "Result/Source", "result must be 1–2 and source 1–3 (PS3.8 Table 9-21)")
        }
        buffer.writeBytes([p, 0, 0, 0, 0, 4, 0, result, source, reason])
    }

    public static func decode(body: ByteBuffer) throws(UpperLayerError) -> AAssociateRJ {
        var r = WireReader(buffer: body, pduTypeCode: PDUType.associateRJ.rawValue, baseOffset: 6)
        try requireFixedLength4(r)
        _ = try r.readUInt8("Reserved")
        return AAssociateRJ(result: try r.readUInt8("Result"), source: try r.readUInt8("Source"),
                            reason: try r.readUInt8("Reason/Diag."))
    }
}

/// RJ, RELEASE-RQ/RP and ABORT bodies are exactly 4 bytes; anything else is an invalid PDU parameter value
/// (as dcm4che's decoder treats it; PS3.8 Tables 9-21, 9-24, 9-25, 9-26).
func requireFixedLength4(_ r: WireReader) throws(UpperLayerError) {
    guard r.remaining == 4 else {
        throw r.error(.invalidParameterValue, "PDU-length", "must be 4, is \(r.remaining)", at: 2)
    }
}
