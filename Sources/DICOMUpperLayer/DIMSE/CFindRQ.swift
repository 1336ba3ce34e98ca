/// C-FIND-RQ (PS3.7 §9.3.2.1, Table 9.3-3): an identifier always follows.
public struct CFindRQ: Hashable, Sendable {
    public var messageID: UInt16
    public var affectedSOPClassUID: String
    public var priority: DIMSEPriority
    /// The Command Data Set Type value as received: anything but 0x0101, the identifier follows.
    public var commandDataSetType: UInt16

    public init(messageID: UInt16, affectedSOPClassUID: String, priority: DIMSEPriority = .medium,
                commandDataSetType: UInt16 = CommandSet.dataSetPresent) {
        self.messageID = messageID
        self.affectedSOPClassUID = affectedSOPClassUID
        self.priority = priority
        self.commandDataSetType = commandDataSetType
    }

    /// Reads a C-FIND-RQ. Mandatory: Message ID, Affected SOP Class UID, Priority, Command Data Set Type (whether
    /// it announces the mandatory identifier is `hasIdentifier`).
    public init(_ command: DIMSECommand) throws(CommandSetError) {
        try command.expect(.cFindRQ)
        let set = command.commandSet
        guard let id = try set.uint16(.messageID) else { throw .missingElement(.messageID) }
        guard let sopClass = command.affectedSOPClassUID else { throw .missingElement(.affectedSOPClassUID) }
        guard let priority = try set.uint16(.priority) else { throw .missingElement(.priority) }
        guard let dataSetType = try set.uint16(.commandDataSetType) else { throw .missingElement(.commandDataSetType) }
        self.init(messageID: id, affectedSOPClassUID: sopClass, priority: DIMSEPriority(rawValue: priority),
                  commandDataSetType: dataSetType)
    }

    /// False when Command Data Set Type is 0x0101: no identifier follows, although Table 9.3-3 makes it mandatory.
    public var hasIdentifier: Bool { commandDataSetType != CommandSet.noDataSet }

    public var commandSet: CommandSet {
        var set = CommandSet()
        set.set(.affectedSOPClassUID, uid: affectedSOPClassUID)
        set.set(.commandField, uint16: CommandField.cFindRQ.rawValue)
        set.set(.messageID, uint16: messageID)
        set.set(.priority, uint16: priority.rawValue)
        set.set(.commandDataSetType, uint16: commandDataSetType)
        return set
    }
}
