import Foundation

/// The headless JSON form of an event: `{"event":"<name>", ...payload fields}` (README, "Headless mode").
///
/// The `event` key and the payload's own keys share one JSON object: the name goes into a keyed container and the
/// payload then encodes into the same encoder.
extension EngineEvent: Encodable {
    private enum NameKey: String, CodingKey { case event, tls, userIdentity, deadline }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: NameKey.self)
        try container.encode(name, forKey: .event)
        switch self {
        case .listening(let e): try e.encode(to: encoder)
        case .connectionOpened(let e): try e.encode(to: encoder)
        case .associationRequested(let e): try e.encode(to: encoder)
        case .associationAccepted(let e): try e.encode(to: encoder)
        case .associationRejected(let e): try e.encode(to: encoder)
        case .dimse(let e): try e.encode(to: encoder)
        case .stored(let e): try e.encode(to: encoder)
        case .releaseRequested(let e): try e.encode(to: encoder)
        case .released(let e): try e.encode(to: encoder)
        case .aborted(let e): try e.encode(to: encoder)
        case .connectionClosed(let e): try e.encode(to: encoder)
        case .transportFailed(let e): try e.encode(to: encoder)
        case .policyChanged(let e): try e.encode(to: encoder)
        case .ruleAdded(let e): try e.encode(to: encoder)
        case .error(let e): try e.encode(to: encoder)
        case .stopping(let e): try e.encode(to: encoder)
        case .eventsDropped(let e): try e.encode(to: encoder)
        }
        // `"tls":null` marks a plain-TCP association explicitly; synthesized coding would omit the key.
        switch self {
        case .connectionOpened(let e) where e.tls == nil: try container.encodeNil(forKey: .tls)
        case .associationRequested(let e) where e.tls == nil: try container.encodeNil(forKey: .tls)
        default: break
        }
        // The example spells these out as null too: no user identity item, no deadline (decided at once).
        if case .associationRequested(let e) = self {
            if e.userIdentity == nil { try container.encodeNil(forKey: .userIdentity) }
            if e.deadline == nil { try container.encodeNil(forKey: .deadline) }
        }
    }
}

extension EngineEvent: Decodable {
    private enum DecodeKey: String, CodingKey { case event }

    /// Reads an event line back (the audit log, tests, or a front fed from `--events`).
    public init(from decoder: any Decoder) throws {
        let name = try decoder.container(keyedBy: DecodeKey.self).decode(String.self, forKey: .event)
        switch name {
        case "listening": self = .listening(try Listening(from: decoder))
        case "connection-opened": self = .connectionOpened(try ConnectionOpened(from: decoder))
        case "association-requested": self = .associationRequested(try AssociationRequested(from: decoder))
        case "association-accepted": self = .associationAccepted(try AssociationAccepted(from: decoder))
        case "association-rejected": self = .associationRejected(try AssociationRejected(from: decoder))
        case "dimse": self = .dimse(try DIMSEMessage(from: decoder))
        case "stored": self = .stored(try Stored(from: decoder))
        case "release-requested": self = .releaseRequested(try ReleaseRequested(from: decoder))
        case "released": self = .released(try Released(from: decoder))
        case "aborted": self = .aborted(try Aborted(from: decoder))
        case "connection-closed": self = .connectionClosed(try ConnectionClosed(from: decoder))
        case "transport-failed": self = .transportFailed(try TransportFailed(from: decoder))
        case "policy-changed": self = .policyChanged(try PolicyChanged(from: decoder))
        case "rule-added": self = .ruleAdded(try RuleAdded(from: decoder))
        case "error": self = .error(try EngineErrorEvent(from: decoder))
        case "stopping": self = .stopping(try Stopping(from: decoder))
        case "events-dropped": self = .eventsDropped(try EventsDropped(from: decoder))
        default:
            throw DecodingError.dataCorrupted(.init(codingPath: [DecodeKey.event],
                                                    debugDescription: "unknown event \"\(name)\""))
        }
    }
}
