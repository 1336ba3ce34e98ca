import NIOCore

/// C-ECHO-RQ (PS3.7 §9.3.5.1, Table 9.3-12): verifies end-to-end communication. Never carries a data set.
public struct CEchoRQ: Hashable, Sendable {
    public var messageID: UInt16
    /// Normally the Verification SOP Class, 1.2.840.10008.1.1.
    public var affectedSOPClassUID: String

    public init(messageID: UInt16, affectedSOPClassUID: String = CEchoRQ.verificationSOPClassUID) {
        self.messageID = messageID; self.affectedSOPClassUID = affectedSOPClassUID
    }

    /// Verification SOP Class (PS3.4 Annex A).
    public static let verificationSOPClassUID = "1.2.840.10008.1.1"

    /// Reads a C-ECHO-RQ; throws if the command field differs or a mandatory element is missing.
    public init(_ command: DIMSECommand) throws(CommandSetError) {
        try command.expect(.cEchoRQ)
        guard let id = try command.commandSet.uint16(.messageID) else { throw .missingElement(.messageID) }
        guard let sopClass = command.affectedSOPClassUID else { throw .missingElement(.affectedSOPClassUID) }
        self.init(messageID: id, affectedSOPClassUID: sopClass)
    }

    public var commandSet: CommandSet {
        var set = CommandSet()
        set.set(.affectedSOPClassUID, uid: affectedSOPClassUID)
        set.set(.commandField, uint16: CommandField.cEchoRQ.rawValue)
        set.set(.messageID, uint16: messageID)
        set.set(.commandDataSetType, uint16: CommandSet.noDataSet)
        return set
    }
}

extension DIMSECommand {
    /// Throws `.unexpectedCommandField` unless this command is `field`.
    func expect(_ field: CommandField) throws(CommandSetError) {
        guard commandField == field else { throw .unexpectedCommandField(expected: field, actual: commandField) }
    }
}
