import NIOCore

/// Any DIMSE command, read generically from its command set (PS3.7 §9.3, §10.3, Annex E), so that a monitor
/// can show — and an SCP answer — messages it has no typed model for (C-FIND, C-MOVE, N-ACTION, ...).
///
/// Only Command Field is required; every other element is optional here (whether it is mandatory depends on
/// the command, PS3.7 Tables 9.3-x / 10.3-x). Typed readers (`CEchoRQ`, `CStoreRQ`, ...) enforce that.
public struct DIMSECommand: Hashable, Sendable {
    /// The underlying elements, unknown ones included.
    public let commandSet: CommandSet
    /// (0000,0100).
    public let commandField: CommandField

    /// Wraps a decoded command set; throws when Command Field is missing or not a 2-byte US.
    public init(commandSet: CommandSet) throws(CommandSetError) {
        guard let field = try commandSet.uint16(.commandField) else { throw .missingElement(.commandField) }
        self.commandSet = commandSet
        self.commandField = CommandField(rawValue: field)
    }

    /// Decodes command set bytes (Implicit VR Little Endian) and reads Command Field.
    public init(decoding buffer: ByteBuffer) throws(CommandSetError) {
        try self.init(commandSet: CommandSet(decoding: buffer))
    }

    // Lenient accessors: a present but malformed numeric value reads as nil (the typed readers throw instead).

    /// (0000,0110), requests.
    public var messageID: UInt16? { try? commandSet.uint16(.messageID) }
    /// (0000,0120), responses.
    public var messageIDBeingRespondedTo: UInt16? { try? commandSet.uint16(.messageIDBeingRespondedTo) }
    /// (0000,0002).
    public var affectedSOPClassUID: String? { commandSet.string(.affectedSOPClassUID) }
    /// (0000,0003), N-GET/N-SET/N-ACTION/N-DELETE requests.
    public var requestedSOPClassUID: String? { commandSet.string(.requestedSOPClassUID) }
    /// (0000,1000).
    public var affectedSOPInstanceUID: String? { commandSet.string(.affectedSOPInstanceUID) }
    /// (0000,1001).
    public var requestedSOPInstanceUID: String? { commandSet.string(.requestedSOPInstanceUID) }
    /// (0000,0700).
    public var priority: DIMSEPriority? { (try? commandSet.uint16(.priority)).flatMap { $0.map(DIMSEPriority.init) } }
    /// (0000,0800); 0x0101 means no data set follows (PS3.7 Annex E, Table E.1-1).
    public var commandDataSetType: UInt16? { try? commandSet.uint16(.commandDataSetType) }
    /// (0000,0900), responses.
    public var status: DIMSEStatus? { (try? commandSet.uint16(.status)).flatMap { $0.map(DIMSEStatus.init) } }
    /// (0000,0600), C-MOVE requests.
    public var moveDestination: String? { commandSet.string(.moveDestination) }
    /// (0000,1030), C-STORE sub-operations of a C-MOVE.
    public var moveOriginatorApplicationEntityTitle: String? {
        commandSet.string(.moveOriginatorApplicationEntityTitle)
    }
    /// (0000,1031), C-STORE sub-operations of a C-MOVE.
    public var moveOriginatorMessageID: UInt16? { try? commandSet.uint16(.moveOriginatorMessageID) }
    /// (0000,0902), failure responses.
    public var errorComment: String? { commandSet.string(.errorComment) }
    /// (0000,0901), failure responses: the offending (group << 16 | element).
    public var offendingElement: UInt32? { try? commandSet.attributeTag(.offendingElement) }

    /// Affected SOP Class UID, else Requested SOP Class UID: the SOP class the message is about.
    public var sopClassUID: String? { affectedSOPClassUID ?? requestedSOPClassUID }
    /// Affected SOP Instance UID, else Requested SOP Instance UID.
    public var sopInstanceUID: String? { affectedSOPInstanceUID ?? requestedSOPInstanceUID }

    /// True unless Command Data Set Type is 0x0101 ("no data set present"). A command without the element is
    /// treated as having none (every PS3.7 command lists it as mandatory; a missing one cannot announce data).
    public var hasDataSet: Bool {
        guard let type = commandDataSetType else { return false }
        return type != CommandSet.noDataSet
    }

    /// The encoded command set.
    public func encoded(allocator: ByteBufferAllocator = ByteBufferAllocator()) -> ByteBuffer {
        commandSet.encoded(allocator: allocator)
    }
}

extension CommandSet {
    /// Command Data Set Type value meaning "no data set" (PS3.7 Annex E).
    public static let noDataSet: UInt16 = 0x0101
    /// The value our encoders write when a data set follows. Any value other than 0x0101 means one does
    /// (PS3.7 Annex E); DCMTK's storescu and pynetdicom both send 0x0001 (see the captured fixtures).
    public static let dataSetPresent: UInt16 = 0x0001
}
