import AssociationEvents
import Foundation

/// The `dimse` events an `EngineEventQueue` counted instead of queueing, per association, until the consumer
/// takes the queue and receives them as one `events-dropped` event.
struct DroppedDIMSETally: Sendable {
    private(set) var total = 0
    private var since: Date?
    private var tallies: [EventsDropped.Tally] = []
    /// Index into `tallies` by association.
    private var index: [Int: Int] = [:]

    mutating func add(_ message: DIMSEMessage) {
        total += 1
        if since == nil { since = message.time }
        let position: Int
        if let known = index[message.association] {
            position = known
        } else {
            position = tallies.count
            index[message.association] = position
            tallies.append(EventsDropped.Tally(association: message.association))
        }
        tallies[position].messages += 1
        tallies[position].bytes += message.bytes
        // Pending (FF00H, FF01H: a C-FIND match, PS3.4 C.4.1.1.4) is no outcome yet, so not counted.
        if let status = message.status, status != 0, status != 0xFF00, status != 0xFF01 {
            tallies[position].notSuccessful += 1
        }
        if let command = tallies[position].commands.firstIndex(where: { $0.command == message.command }) {
            tallies[position].commands[command].count += 1
        } else {
            tallies[position].commands.append(EventsDropped.CommandCount(command: message.command, count: 1))
        }
    }

    /// The `events-dropped` payload, or `nil` when nothing was counted.
    func summary(limit: Int, time: Date) -> EventsDropped? {
        guard total > 0, let since else { return nil }
        return EventsDropped(dropped: total, limit: limit, since: since, associations: tallies, time: time)
    }
}
