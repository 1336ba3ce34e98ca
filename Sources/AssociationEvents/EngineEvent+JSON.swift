import Foundation

/// Reading an event line back (the audit log, tests, or a front fed from `--events`); writing one is
/// `EventJSONWriter`'s job.
extension EngineEvent: Decodable {
    private enum DecodeKey: String, CodingKey { case event }

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
        case "forward-answered": self = .forwardAnswered(try ForwardAnswered(from: decoder))
        default:
            throw DecodingError.dataCorrupted(.init(codingPath: [DecodeKey.event],
                                                    debugDescription: "unknown event \"\(name)\""))
        }
    }
}
