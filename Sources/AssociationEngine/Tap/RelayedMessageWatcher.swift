import DICOMDataSet
import DICOMUpperLayer
import NIOCore

/// Follows the DIMSE messages in one direction of a tapped association as their PDVs are relayed, to describe
/// each one in a `dimse` event — without holding its data set: only the command set's fragments are kept (a
/// command set is small, PS3.7 §6.3.1; past `maximumCommandLength` it is not decoded), and a data set is read by a
/// `DataSetReader` only up to its bounded prefix (who and what a C-STORE carries, a query's keys), in the transfer
/// syntax its presentation context was accepted with; the rest is only counted. Messages on one association do not
/// interleave (PS3.8 Annex E), so one message is open at a time.
struct RelayedMessageWatcher {
    /// A message whose command set and data set (if any) have passed.
    struct Message {
        /// `nil` when the command set could not be decoded (it is relayed all the same).
        var command: DIMSECommand?
        var contextID: UInt8
        var dataSetBytes: Int
        /// What was read of its data set; nil without one, or in a transfer syntax that is not read.
        var dataSet: DataSetReader?
    }

    /// The accepted presentation contexts' transfer syntaxes (PS3.8 §9.3.3.2), by context ID: how data sets on
    /// each are encoded.
    var transferSyntaxes: [UInt8: String] = [:]

    static let maximumCommandLength = 65_536

    private var commandBytes = ByteBuffer()
    private var commandTooLong = false
    private var command: DIMSECommand?
    private var commandComplete = false
    private var dataSetBytes = 0
    private var contextID: UInt8 = 0
    private var reader: DataSetReader?

    /// The command of the message under way once its command set has passed (while its data set streams).
    var currentCommand: DIMSECommand? { commandComplete ? command : nil }
    /// A command set passed whose data set has not begun (`QuickAck`).
    var awaitsDataSetStart: Bool { commandComplete && dataSetBytes == 0 }

    /// Takes one relayed PDV; returns the message it completed, if any: a command without a data set ends with its
    /// last command fragment, one with a data set with its last data set fragment.
    mutating func observe(_ pdv: PresentationDataValue) -> Message? {
        let header = pdv.messageControlHeader
        contextID = pdv.presentationContextID
        if header.isCommand {
            if commandComplete { reset() }  // a new message after one whose data set never ended
            if !commandTooLong {
                if commandBytes.readableBytes + pdv.fragment.readableBytes > Self.maximumCommandLength {
                    commandTooLong = true
                    commandBytes.clear()
                } else {
                    commandBytes.writeImmutableBuffer(pdv.fragment)
                }
            }
            guard header.isLastFragment else { return nil }
            command = commandTooLong ? nil : try? DIMSECommand(decoding: commandBytes)
            commandComplete = true
            if let command, !command.hasDataSet { return finish() }
            reader = transferSyntaxes[contextID].flatMap { DataSetEncoding(transferSyntaxUID: $0) }
                .map { DataSetReader(transferSyntax: $0) }
            return nil
        }
        dataSetBytes += pdv.fragment.readableBytes
        // Read in place until the bounded prefix is read, then ignored: mutated where it is stored, never copied.
        if reader?.state.isReading == true { reader?.append(pdv.fragment) }
        return header.isLastFragment ? finish() : nil
    }

    private mutating func finish() -> Message {
        defer { reset() }
        reader?.finish()
        return Message(command: command, contextID: contextID, dataSetBytes: dataSetBytes, dataSet: reader)
    }

    private mutating func reset() {
        commandBytes.clear()
        commandTooLong = false
        command = nil
        commandComplete = false
        dataSetBytes = 0
        reader = nil
    }
}
