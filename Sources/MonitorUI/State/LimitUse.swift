/// Admission limits and how much of each is in use (`MonitorState.limitUse`).
public struct LimitUse: Sendable, Equatable {
    public var pending: Int
    public var maxPending: Int
    public var associations: Int
    public var maxAssociations: Int
    public var busiestPeer: Int
    public var maxPerPeer: Int
}
