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
        return (pendingInput && since >= inputInterval) || (pendingActivity && since >= activityInterval)
    }

    /// How long the loop may wait for a key before a pending frame is due (nil: nothing pending, wait as long as
    /// it likes).
    func wait(at now: Date) -> TimeInterval? {
        guard pendingInput || pendingActivity else { return nil }
        let interval = pendingInput ? inputInterval : activityInterval
        return max(0, interval - now.timeIntervalSince(lastFrame))
    }

    mutating func drew(at now: Date) {
        lastFrame = now
        pendingInput = false
        pendingActivity = false
    }
}
