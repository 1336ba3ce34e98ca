import NIOCore

/// Where the protocol machine reads the time when it starts the ARTIM timer (PS3.8 §9.1.5). Injected so tests
/// drive time themselves; the engine uses the event loop's monotonic clock (`NIODeadline.now()`).
public struct AssociationClock: Sendable {
    public var now: @Sendable () -> NIODeadline

    public init(now: @escaping @Sendable () -> NIODeadline) {
        self.now = now
    }

    /// The monotonic clock NIO schedules its timers on.
    public static let system = AssociationClock { NIODeadline.now() }
}
