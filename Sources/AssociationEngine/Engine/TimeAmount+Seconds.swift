import NIOCore

extension TimeAmount {
    /// `seconds` as a NIO time amount without trapping: `EngineOptions.validate()` keeps the configured timeouts
    /// in range, and anything that still is not (NaN, negative, beyond `Int64` nanoseconds, about 292 years)
    /// becomes 0 or the largest amount instead of crashing an event loop.
    static func clamping(seconds: Double) -> TimeAmount {
        guard seconds.isFinite, seconds > 0 else { return seconds == .infinity ? .nanoseconds(.max) : .zero }
        let nanoseconds = seconds * 1_000_000_000
        return nanoseconds < Double(Int64.max) ? .nanoseconds(Int64(nanoseconds)) : .nanoseconds(.max)
    }
}
