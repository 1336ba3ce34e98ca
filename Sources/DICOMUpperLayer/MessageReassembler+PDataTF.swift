extension MessageReassembler {
    /// Feeds every PDV of a decoded P-DATA-TF PDU (from `PDUFramer`), calling `handle` for each event in order.
    /// Fragments stay slices of the received bytes.
    public mutating func receive(_ pdu: PDataTF, _ handle: (Event) throws -> Void) throws {
        for pdv in pdu.values {
            if let event = try receive(pdv) { try handle(event) }
        }
    }

    /// Feeds every PDV of a decoded P-DATA-TF PDU and returns the events.
    public mutating func receive(_ pdu: PDataTF) throws(MessageReassemblerError) -> [Event] {
        var events: [Event] = []
        for pdv in pdu.values {
            if let event = try receive(pdv) { events.append(event) }
        }
        return events
    }
}

extension MessageReassembler.Accumulator {
    /// Feeds every PDV of a decoded P-DATA-TF PDU; returns the messages it completes.
    public mutating func receive(_ pdu: PDataTF) throws -> [MessageReassembler.CompleteMessage] {
        try pdu.values.compactMap { try receive($0) }
    }
}
