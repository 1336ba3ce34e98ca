/// C-STORE-RQ (PS3.7 §9.3.1.1, Table 9.3-1): a data set always follows.
public struct CStoreRQ: Hashable, Sendable {
    public var messageID: UInt16
    public var affectedSOPClassUID: String
    public var affectedSOPInstanceUID: String
    public var priority: DIMSEPriority
    /// Set when the store is a sub-operation of a C-MOVE (PS3.7 §9.3.1.1: Move Originator AE Title / ID).
    public var moveOriginatorApplicationEntityTitle: String?
    public var moveOriginatorMessageID: UInt16?
    /// The Command Data Set Type value as received; anything but 0x0101 (a C-STORE-RQ without data is invalid).
    public var commandDataSetType: UInt16

    public init(messageID: UInt16, affectedSOPClassUID: String, affectedSOPInstanceUID: String,
                priority: DIMSEPriority = .medium, moveOriginatorApplicationEntityTitle: String? = nil,
                moveOriginatorMessageID: UInt16? = nil, commandDataSetType: UInt16 = CommandSet.dataSetPresent) {
        self.messageID = messageID
        self.affectedSOPClassUID = affectedSOPClassUID
        self.affectedSOPInstanceUID = affectedSOPInstanceUID
        self.priority = priority
        self.moveOriginatorApplicationEntityTitle = moveOriginatorApplicationEntityTitle
        self.moveOriginatorMessageID = moveOriginatorMessageID
        self.commandDataSetType = commandDataSetType
    }

    /// Reads a C-STORE-RQ. Mandatory: Message ID, Affected SOP Class/Instance UID, Priority, Command Data Set Type.
    public init(_ command: DIMSECommand) throws(CommandSetError) {
        try command.expect(.cStoreRQ)
        let set = command.commandSet
        guard let id = try set.uint16(.messageID) else { throw .missingElement(.messageID) }
        guard let sopClass = command.affectedSOPClassUID else { throw .missingElement(.affectedSOPClassUID) }
        guard let sopInstance = command.affectedSOPInstanceUID else { throw .missingElement(.affectedSOPInstanceUID) }
        guard let priority = try set.uint16(.priority) else { throw .missingElement(.priority) }
        guard let dataSetType = try set.uint16(.commandDataSetType) else { throw .missingElement(.commandDataSetType) }
        self.init(messageID: id, affectedSOPClassUID: sopClass, affectedSOPInstanceUID: sopInstance,
                  priority: DIMSEPriority(rawValue: priority),
                  moveOriginatorApplicationEntityTitle: command.moveOriginatorApplicationEntityTitle,
                  moveOriginatorMessageID: try set.uint16(.moveOriginatorMessageID),
                  commandDataSetType: dataSetType)
    }

    public var commandSet: CommandSet {
        var set = CommandSet()
        set.set(.affectedSOPClassUID, uid: affectedSOPClassUID)
        set.set(.commandField, uint16: CommandField.cStoreRQ.rawValue)
        set.set(.messageID, uint16: messageID)
        set.set(.priority, uint16: priority.rawValue)
        set.set(.commandDataSetType, uint16: commandDataSetType)
        set.set(.affectedSOPInstanceUID, uid: affectedSOPInstanceUID)
        if let moveOriginatorApplicationEntityTitle {
            set.set(.moveOriginatorApplicationEntityTitle, text: moveOriginatorApplicationEntityTitle)
        }
        if let moveOriginatorMessageID { set.set(.moveOriginatorMessageID, uint16: moveOriginatorMessageID) }
        return set
    }
}
