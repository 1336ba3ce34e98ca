import Foundation

/// `dimse` events the engine did not hand over because its consumer was more than `limit` events behind (a frozen
/// front, stdout blocked in headless mode), counted per association instead. It follows, in the stream, every
/// event queued while they were being counted; connections, requests, decisions, stores, releases and aborts are
/// never left out, only the per-message DIMSE detail.
public struct EventsDropped: Sendable, Decodable, Equatable {
    /// What was left out of one association.
    public struct Tally: Sendable, Decodable, Equatable {
        public var association: Int
        /// `dimse` events left out, received and sent.
        public var messages: Int
        /// Data set bytes those messages carried.
        public var bytes: Int
        /// Responses among them whose status is not Success (0000H; PS3.7 Annex C), warnings and cancels included,
        /// pending ones (FF00H, FF01H) not.
        public var notSuccessful: Int
        /// How many of each command ("C-ECHO-RQ", "C-STORE-RSP", ...), in the order first left out.
        public var commands: [CommandCount]

        public init(association: Int, messages: Int = 0, bytes: Int = 0, notSuccessful: Int = 0,
                    commands: [CommandCount] = []) {
            self.association = association; self.messages = messages; self.bytes = bytes
            self.notSuccessful = notSuccessful; self.commands = commands
        }
    }

    public struct CommandCount: Sendable, Decodable, Equatable {
        public var command: String
        public var count: Int
        public init(command: String, count: Int) { self.command = command; self.count = count }
    }

    /// All `dimse` events left out since the previous `events-dropped`.
    public var dropped: Int
    /// The engine's ceiling: queued events past which `dimse` events are counted instead.
    public var limit: Int
    /// When the first of them was left out.
    public var since: Date
    /// Per association, in the order their first message was left out.
    public var associations: [Tally]
    public var time: Date

    public init(dropped: Int, limit: Int, since: Date, associations: [Tally], time: Date) {
        self.dropped = dropped; self.limit = limit; self.since = since; self.associations = associations
        self.time = time
    }
}
