/// What the engine holds at this moment, per kind. With no connection open and a consumer that has caught up,
/// every figure is zero: anything else is state kept per association that outlives it (a leak that grows with
/// every association over weeks of uptime).
public struct EngineResourceCounts: Sendable, Equatable, CustomStringConvertible {
    /// `AssociationHandler` instances alive (one per TCP connection, freed when the channel is gone).
    public var handlers: Int
    /// Connections in the engine's registry (what commands and a graceful stop reach).
    public var connections: Int
    /// A-ASSOCIATE-RQs held in Sta3 waiting for a decision.
    public var heldRequests: Int
    /// Events produced but not yet taken by the consumer of `events`.
    public var pendingEvents: Int
    /// Upstream legs of tapped associations alive (one channel handler per upstream TCP connection, freed when
    /// that channel is gone).
    public var upstreamLegs: Int

    public init(handlers: Int = 0, connections: Int = 0, heldRequests: Int = 0, pendingEvents: Int = 0,
                upstreamLegs: Int = 0) {
        self.handlers = handlers; self.connections = connections; self.heldRequests = heldRequests
        self.pendingEvents = pendingEvents; self.upstreamLegs = upstreamLegs
    }

    public var description: String {
        "handlers \(handlers), connections \(connections), held requests \(heldRequests), pending events \(pendingEvents), "
            + "upstream legs \(upstreamLegs)"
    }
}
