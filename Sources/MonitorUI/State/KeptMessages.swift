import AssociationEvents
import Foundation

/// The tag trees (`DIMSEMessage.elements`) of the most recent received messages, for the Data view. Kept apart
/// from the Activity lines and bounded: a C-STORE-RQ's tree is up to 2,000 entries, too many to keep for each of
/// the thousands of messages the front remembers.
public struct KeptMessages: Sendable, Equatable {
    public struct Message: Sendable, Equatable {
        /// Increases with each message kept; names it while others come and go.
        public var serial: Int
        public var association: Int
        /// "C-STORE-RQ".
        public var command: String
        public var messageID: Int?
        public var time: Date
        public var elements: [MessageElement]
        public var elementsNotListed: Int?
    }

    public static let defaultLimit = 100
    public var limit = defaultLimit
    public private(set) var messages: [Message] = []
    private var nextSerial = 1

    public init(limit: Int = defaultLimit) { self.limit = limit }

    /// Keeps `message`'s tree (the oldest kept one goes when full).
    mutating func keep(_ message: DIMSEMessage) {
        guard let elements = message.elements, limit > 0 else { return }
        messages.append(Message(serial: nextSerial, association: message.association, command: message.command,
                                messageID: message.messageID, time: message.time, elements: elements,
                                elementsNotListed: message.elementsNotListed))
        nextSerial += 1
        if messages.count > limit { messages.removeFirst(messages.count - limit) }
    }

    /// The kept messages of `association`, oldest first.
    func of(_ association: Int) -> [Message] { messages.filter { $0.association == association } }

    func message(serial: Int) -> Message? { messages.first { $0.serial == serial } }
}
