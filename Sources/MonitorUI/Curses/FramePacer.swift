import Foundation

/// When the curses loop draws a new frame. What the person does (a key, a click, a resize) is answered within one
/// short frame, so typing never feels late; what the engine reports (events, the clock's tick) is drawn at most
/// `activityInterval` apart, because a busy SCP can change the state hundreds of times a second and each frame
/// renders and compares the whole screen: drawing every change would make the front, not the network, the largest
/// cost of watching a busy link, while a person cannot follow more than a few updates a second anyway.
struct FramePacer {
    /// The shortest time between two frames after input from the person.
    var inputInterval: TimeInterval = 1.0 / 30
    /// The shortest time between two frames when only the engine's events or the clock changed the state.
    var activityInterval: TimeInterval = 1.0 / 10
    /// The share of one core that frames for engine activity may take: when frames cost more (a large terminal, a
    /// slow one), activity is drawn less often, so the cost of watching a busy link stays bounded whatever the
    /// terminal; input is drawn as fast as ever.
    var activityBudget = 0.01
    /// The longest time between two frames for engine activity, however much a frame costs.
    var longestActivityInterval: TimeInterval = 0.5
    /// What a frame costs (render, compare, draw), smoothed over the last few.
    private(set) var frameCost: TimeInterval = 0

    private var lastFrame = Date.distantPast
    private var pendingInput = false
    private var pendingActivity = false

    /// Notes what the loop just reduced.
    mutating func note(_ input: MonitorInput) {
        switch input {
        case .event, .tick: pendingActivity = true
        case .key, .resize, .click, .terminate: pendingInput = true
        }
    }

    /// True when a frame is due at `now`; the caller then draws and calls `drew(at:)`.
    func frameDue(at now: Date) -> Bool {
        let since = now.timeIntervalSince(lastFrame)
        return (pendingInput && since >= inputInterval) || (pendingActivity && since >= currentActivityInterval)
    }

    /// The time between frames for engine activity now: `activityInterval`, longer when frames cost more than
    /// `activityBudget` of a core at that rate.
    var currentActivityInterval: TimeInterval {
        min(longestActivityInterval, max(activityInterval, frameCost / activityBudget))
    }

    /// How long the loop may wait for a key before a pending frame is due (nil: nothing pending, wait as long as
    /// it likes).
    func wait(at now: Date) -> TimeInterval? {
        guard pendingInput || pendingActivity else { return nil }
        let interval = pendingInput ? inputInterval : currentActivityInterval
        return max(0, interval - now.timeIntervalSince(lastFrame))
    }

    /// A frame was drawn at `now`, taking `cost` seconds.
    mutating func drew(at now: Date, cost: TimeInterval = 0) {
        frameCost = frameCost == 0 ? cost : frameCost * 0.75 + cost * 0.25
        lastFrame = now
        pendingInput = false
        pendingActivity = false
    }
}
