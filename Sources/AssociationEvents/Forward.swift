import Foundation

/// The upstream leg of a tapped association (`--forward`, or a rules-file `forward` action): where assocmon sent
/// the requestor's proposal, under which AE titles, what that SCP answered, and over what transport.
///
/// Carried by `association-requested` (the answer still `.connecting`), `forward-answered`, `association-accepted`
/// and `association-rejected`, as `"forward"`; absent on associations assocmon answers itself.
public struct Forward: Sendable, Decodable, Equatable {
    /// The upstream SCP as `host:port`.
    public var address: String
    /// The Calling AE Title sent upstream (the requestor's own, PS3.8 §9.3.2 bytes 27–42).
    public var callingAETitle: String
    /// The Called AE Title sent upstream: the requestor's, unless `--forward-called-ae` or the rule rewrote it.
    public var calledAETitle: String
    /// What the upstream answered so far.
    public var answer: UpstreamAnswer
    /// Milliseconds from opening the upstream connection to its answer; absent while `.connecting`.
    public var answerMilliseconds: Double?
    /// The upstream transport's TLS facts (PS3.15 Annex B), `nil` (JSON `null`) over plain TCP.
    public var tls: TLSFacts?
    /// The upstream's A-ASSOCIATE-AC or A-ASSOCIATE-RJ PDU as received, header included (PS3.8 §9.3.3, §9.3.4),
    /// for the Raw tab; JSON `"raw"` as hex, absent until that answer arrived (and when the upstream gave none).
    public var raw: [UInt8]?

    public init(address: String, callingAETitle: String, calledAETitle: String, answer: UpstreamAnswer = .connecting,
                answerMilliseconds: Double? = nil, tls: TLSFacts? = nil, raw: [UInt8]? = nil) {
        self.address = address; self.callingAETitle = callingAETitle; self.calledAETitle = calledAETitle
        self.answer = answer; self.answerMilliseconds = answerMilliseconds; self.tls = tls; self.raw = raw
    }

    private enum CodingKeys: String, CodingKey {
        case address, callingAETitle, calledAETitle, answer, answerMilliseconds, tls, raw
    }

    /// As the synthesized decoding, except `raw`, which the lines carry as hex (`HexEncoded`).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        address = try container.decode(String.self, forKey: .address)
        callingAETitle = try container.decode(String.self, forKey: .callingAETitle)
        calledAETitle = try container.decode(String.self, forKey: .calledAETitle)
        answer = try container.decode(UpstreamAnswer.self, forKey: .answer)
        answerMilliseconds = try container.decodeIfPresent(Double.self, forKey: .answerMilliseconds)
        tls = try container.decodeIfPresent(TLSFacts.self, forKey: .tls)
        raw = try container.decodeIfPresent(HexEncoded.self, forKey: .raw)?.wrappedValue
    }
}
