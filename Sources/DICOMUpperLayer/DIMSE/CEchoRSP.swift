/// C-ECHO-RSP (PS3.7 §9.3.5.2, Table 9.3-13). Never carries a data set.
public struct CEchoRSP: Hashable, Sendable {
    public var messageIDBeingRespondedTo: UInt16
    /// Optional in the response ("U"); DCMTK and pynetdicom send it.
    public var affectedSOPClassUID: String?
    public var status: DIMSEStatus

    public init(messageIDBeingRespondedTo: UInt16, affectedSOPClassUID: String? = CEchoRQ.verificationSOPClassUID,
                status: DIMSEStatus = .success) {
        self.messageIDBeingRespondedTo = messageIDBeingRespondedTo
        self.affectedSOPClassUID = affectedSOPClassUID
        self.status = status
    }

    /// The response to `request` with `status`.
    public init(respondingTo request: CEchoRQ, status: DIMSEStatus = .success) {
        self.init(messageIDBeingRespondedTo: request.messageID, affectedSOPClassUID: request.affectedSOPClassUID,
                  status: status)
    }

    public init(_ command: DIMSECommand) throws(CommandSetError) {
        try command.expect(.cEchoRSP)
        guard let id = try command.commandSet.uint16(.messageIDBeingRespondedTo) else {
            throw .missingElement(.messageIDBeingRespondedTo)
        }
        guard let status = try command.commandSet.uint16(.status) else { throw .missingElement(.status) }
        self.init(messageIDBeingRespondedTo: id, affectedSOPClassUID: command.affectedSOPClassUID,
                  status: DIMSEStatus(rawValue: status))
    }

    public var commandSet: CommandSet {
        var set = CommandSet()
        if let affectedSOPClassUID { set.set(.affectedSOPClassUID, uid: affectedSOPClassUID) }
        set.set(.commandField, uint16: CommandField.cEchoRSP.rawValue)
        set.set(.messageIDBeingRespondedTo, uint16: messageIDBeingRespondedTo)
        set.set(.commandDataSetType, uint16: CommandSet.noDataSet)
        set.set(.status, uint16: status.rawValue)
        return set
    }
}
