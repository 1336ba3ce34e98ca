import AssociationEvents
import Foundation
import NIOConcurrencyHelpers
import NIOCore

/// The hand-over of events from the engine's event loops to the one consumer of `AssociationEngine.events`.
///
/// An event loop never waits here: `append` takes a lock, adds the event and returns, so a slow consumer (a curses
/// front drawing, a pipe on stdout) never stalls network I/O. The consumer takes everything queued in one go; while
/// it waits for more, it is woken `wakeDelay` after the first new event, so a busy engine wakes it a few hundred
/// times a second instead of once per event.
///
/// The queue has a ceiling, so that a consumer that stops reading (a frozen front, stdout blocked in headless mode)
/// cannot make it grow without end: while `limit` or more events are queued, a `dimse` event is not queued but
/// counted for its association, and one `events-dropped` event with those counts is queued when the consumer takes
/// the queue again. Every other event (connections, requests, decisions, stores, releases, aborts) is always queued:
/// there are a handful per association, while a single association can send thousands of DIMSE messages a second.
final class EngineEventQueue: Sendable {
    private struct State {
        var events: [EngineEvent] = []
        var waiter: CheckedContinuation<[EngineEvent], Never>?
        var wakeScheduled = false
        /// No more events: `finish()` was called, or the consumer's task was cancelled.
        var finished = false
        var dropped = DroppedDIMSETally()
    }

    /// Queued events past which `dimse` events are counted instead of queued.
    let limit: Int
    private let state = NIOLockedValueBox(State())
    private let wakeLoop: any EventLoop
    static let wakeDelay = TimeAmount.milliseconds(2)

    init(limit: Int, wakeLoop: any EventLoop) {
        self.limit = max(1, limit)
        self.wakeLoop = wakeLoop
    }

    /// Events queued and not yet taken by the consumer.
    var count: Int { state.withLockedValue { $0.events.count } }

    /// Queues `event` (or counts it, see the type's description). Never blocks beyond the lock.
    func append(_ event: EngineEvent) {
        let wake = state.withLockedValue { state -> Bool in
            guard !state.finished else { return false }
            if case .dimse(let message) = event, state.events.count >= limit {
                state.dropped.add(message)
                return false
            }
            state.events.append(event)
            guard state.waiter != nil, !state.wakeScheduled else { return false }
            state.wakeScheduled = true
            return true
        }
        if wake {
            wakeLoop.scheduleTask(in: Self.wakeDelay) { [self] in wakeConsumer() }
        }
    }

    /// Queues `events` in order under one lock (what a connection produced during one read) and leaves `events`
    /// empty, its storage kept for the next read. Below the ceiling the batch is moved, not copied event by
    /// event; at the ceiling each event is treated as by `append(_:)`.
    func append(draining events: inout [EngineEvent]) {
        guard !events.isEmpty else { return }
        let wake = state.withLockedValue { state -> Bool in
            guard !state.finished else { return false }
            if state.events.count + events.count <= limit {
                if state.events.isEmpty {
                    swap(&state.events, &events)
                } else {
                    state.events.append(contentsOf: events)
                }
            } else {
                for event in events {
                    if case .dimse(let message) = event, state.events.count >= limit {
                        state.dropped.add(message)
                    } else {
                        state.events.append(event)
                    }
                }
            }
            guard state.waiter != nil, !state.wakeScheduled else { return false }
            state.wakeScheduled = true
            return true
        }
        events.removeAll(keepingCapacity: true)
        if wake {
            wakeLoop.scheduleTask(in: Self.wakeDelay) { [self] in wakeConsumer() }
        }
    }

    /// Hands whatever is queued to a waiting consumer.
    private func wakeConsumer() {
        let handOver = state.withLockedValue { state -> (CheckedContinuation<[EngineEvent], Never>, [EngineEvent])? in
            state.wakeScheduled = false
            guard let waiter = state.waiter, !state.events.isEmpty else { return nil }
            state.waiter = nil
            return (waiter, takeAll(&state))
        }
        if let (waiter, events) = handOver { waiter.resume(returning: events) }
    }

    /// Everything queued, in order, waiting for at least one event; empty once the queue is finished.
    func take() async -> [EngineEvent] {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<[EngineEvent], Never>) in
                let ready = state.withLockedValue { state -> [EngineEvent]? in
                    if !state.events.isEmpty || state.dropped.total > 0 { return takeAll(&state) }
                    if state.finished { return [] }
                    state.waiter = continuation
                    return nil
                }
                if let ready { continuation.resume(returning: ready) }
            }
        } onCancel: {
            finish(discarding: true)
        }
    }

    /// No more events will come: a waiting consumer gets what is left, then an empty batch.
    func finish() {
        finish(discarding: false)
    }

    private func finish(discarding: Bool) {
        let handOver = state.withLockedValue { state -> (CheckedContinuation<[EngineEvent], Never>, [EngineEvent])? in
            state.finished = true
            if discarding { state.events.removeAll(); state.dropped = DroppedDIMSETally() }
            guard let waiter = state.waiter else { return nil }
            state.waiter = nil
            return (waiter, takeAll(&state))
        }
        if let (waiter, events) = handOver { waiter.resume(returning: events) }
    }

    /// The queued events, followed by the `events-dropped` summary when any were counted instead of queued.
    private func takeAll(_ state: inout State) -> [EngineEvent] {
        var events: [EngineEvent] = []
        swap(&events, &state.events)
        if let summary = state.dropped.summary(limit: limit, time: Date()) {
            events.append(.eventsDropped(summary))
            state.dropped = DroppedDIMSETally()
        }
        return events
    }
}
