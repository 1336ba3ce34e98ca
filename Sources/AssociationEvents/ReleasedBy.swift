/// Which side asked for the orderly release that ended an association (PS3.8 §7.2; the `released` event's `by`).
public enum ReleasedBy: String, Sendable, Decodable, Equatable, CaseIterable {
    /// The peer sent the A-RELEASE-RQ (Evt12) and the engine answered it (AR-4).
    case peer
    /// The engine sent the A-RELEASE-RQ and the peer answered it (AR-3).
    case engine
    /// In tap mode, the upstream SCP asked for the release, relayed to the requestor (PS3.8 §7.2).
    case upstream
}
