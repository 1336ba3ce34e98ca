/// C-CANCEL-RQ (PS3.7 §9.3.2.3, Table 9.3-5; likewise for C-GET and C-MOVE): names the operation to stop by its
/// Message ID. It has no response and no data set.
public struct CCancelRQ: Hashable, Sendable {
    /// The Message ID of the C-FIND, C-GET or C-MOVE request to cancel.
    public var messageIDBeingRespondedTo: UInt16

    public init(messageIDBeingRespondedTo: UInt16) {
        self.messageIDBeingRespondedTo = messageIDBeingRespondedTo
    }

    /// Reads a C-CANCEL-RQ. Mandatory: Message ID Being Responded To (Command Data Set Type is 0x0101, not checked:
    /// a cancel is honoured whatever it announces).
    public init(_ command: DIMSECommand) throws(CommandSetError) {
        try command.expect(.cCancelRQ)
        guard let id = try command.commandSet.uint16(.messageIDBeingRespondedTo) else {
            throw .missingElement(.messageIDBeingRespondedTo)
        }
        self.init(messageIDBeingRespondedTo: id)
    }

    public var commandSet: CommandSet {
        var set = CommandSet()
        set.set(.commandField, uint16: CommandField.cCancelRQ.rawValue)
        set.set(.messageIDBeingRespondedTo, uint16: messageIDBeingRespondedTo)
        set.set(.commandDataSetType, uint16: CommandSet.noDataSet)
        return set
    }
}
