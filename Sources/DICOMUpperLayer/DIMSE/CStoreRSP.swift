/// C-STORE-RSP (PS3.7 §9.3.1.2, Table 9.3-2). Never carries a data set.
public struct CStoreRSP: Hashable, Sendable {
    public var messageIDBeingRespondedTo: UInt16
    /// Optional ("U") in the response; we always send it.
    public var affectedSOPClassUID: String?
    /// Optional ("U") in the response; we always send it.
    public var affectedSOPInstanceUID: String?
    public var status: DIMSEStatus
    /// Failure/warning detail (PS3.7 Annex C): Error Comment (LO, ≤ 64 chars) and Offending Element.
    public var errorComment: String?
    public var offendingElement: UInt32?

    public init(messageIDBeingRespondedTo: UInt16, affectedSOPClassUID: String?, affectedSOPInstanceUID: String?,
                status: DIMSEStatus, errorComment: String? = nil, offendingElement: UInt32? = nil) {
        self.messageIDBeingRespondedTo = messageIDBeingRespondedTo
        self.affectedSOPClassUID = affectedSOPClassUID
        self.affectedSOPInstanceUID = affectedSOPInstanceUID
        self.status = status
        self.errorComment = errorComment
        self.offendingElement = offendingElement
    }

    /// The response to `request` with `status`.
    public init(respondingTo request: CStoreRQ, status: DIMSEStatus, errorComment: String? = nil) {
        self.init(messageIDBeingRespondedTo: request.messageID, affectedSOPClassUID: request.affectedSOPClassUID,
                  affectedSOPInstanceUID: request.affectedSOPInstanceUID, status: status, errorComment: errorComment)
    }

    public init(_ command: DIMSECommand) throws(CommandSetError) {
        try command.expect(.cStoreRSP)
        let set = command.commandSet
        guard let id = try set.uint16(.messageIDBeingRespondedTo) else {
            throw .missingElement(.messageIDBeingRespondedTo)
        }
        guard let status = try set.uint16(.status) else { throw .missingElement(.status) }
        self.init(messageIDBeingRespondedTo: id, affectedSOPClassUID: command.affectedSOPClassUID,
                  affectedSOPInstanceUID: command.affectedSOPInstanceUID, status: DIMSEStatus(rawValue: status),
                  errorComment: command.errorComment, offendingElement: try set.attributeTag(.offendingElement))
    }

    public var commandSet: CommandSet {
        var set = CommandSet()
        if let affectedSOPClassUID { set.set(.affectedSOPClassUID, uid: affectedSOPClassUID) }
        set.set(.commandField, uint16: CommandField.cStoreRSP.rawValue)
        set.set(.messageIDBeingRespondedTo, uint16: messageIDBeingRespondedTo)
        set.set(.commandDataSetType, uint16: CommandSet.noDataSet)
        set.set(.status, uint16: status.rawValue)
        if let offendingElement { set.set(.offendingElement, attributeTag: offendingElement) }
        if let errorComment { set.set(.errorComment, text: String(errorComment.prefix(64))) }
        if let affectedSOPInstanceUID { set.set(.affectedSOPInstanceUID, uid: affectedSOPInstanceUID) }
        return set
    }
}
