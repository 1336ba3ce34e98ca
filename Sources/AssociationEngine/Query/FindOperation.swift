/// A C-FIND being answered on an association: matched off the event loop, then its pending responses' identifiers
/// sent one per event loop turn, so that a C-CANCEL-RQ read meanwhile stops it (PS3.7 §9.1.2.1.6, §9.3.2.3).
struct FindOperation {
    var message: InFlightMessage
    /// Nil while `FindService` is still matching.
    var responses: [AttributeSet]?
    var next = 0
    /// A C-CANCEL-RQ for it arrived: the next response is the final one, 0xFE00 (PS3.4 C.4.1.1.4).
    var cancelled = false

    var messageID: UInt16? { message.command.messageID }
}
