import DICOMUpperLayer
import Foundation
import NIOCore

/// Puts received PDVs back together as DIMSE messages (PS3.8 Annex E; PS3.7 §6.3.1): command fragments are
/// collected until the last one and decoded; data set fragments are handed on one by one (streamed, never
/// collected), so memory does not grow with the data set.
///
/// Enforced: a message's fragments stay on one presentation context; no command fragment while a data set is
/// incomplete; no data fragment without a command that announced one (PS3.8 Annex E: fragments of different
/// messages shall not interleave).
struct DIMSEProcessor {
    enum Step {
        case incomplete
        case commandComplete(DIMSECommand, expectsDataSet: Bool)
        case dataFragment(ByteBuffer, isLast: Bool)
    }

    struct Failure: Error {
        var message: String
    }

    private var commandBytes: ByteBuffer?
    private var commandContextID: UInt8?
    private var dataContextID: UInt8?
    /// The message whose data set is arriving or which is being answered.
    var inFlight: InFlightMessage?
    /// C-STOREs whose file is still being written (the response goes out when it is done).
    var storesInProgress = 0

    /// Command sets are small (a few hundred bytes); refuse absurd ones instead of buffering them.
    static let maximumCommandSetLength = 1 << 20

    mutating func consume(_ pdv: PresentationDataValue,
                          context: NegotiatedAssociation.Context) throws(Failure) -> Step {
        let id = pdv.presentationContextID
        if pdv.messageControlHeader.hasReservedBitsSet {
            throw Failure(message: "PDV message control header 0x\(String(pdv.messageControlHeader.rawValue, radix: 16)) sets reserved bits 2–7")
        }
        if pdv.messageControlHeader.isCommand {
            if let dataContextID {
                throw Failure(message: "command fragment on context \(id) while the data set on context \(dataContextID) is incomplete")
            }
            if let commandContextID, commandContextID != id {
                throw Failure(message: "command fragments on contexts \(commandContextID) and \(id) interleave")
            }
            var fragment = pdv.fragment
            if commandBytes == nil {
                commandBytes = fragment
                commandContextID = id
            } else {
                commandBytes?.writeBuffer(&fragment)
            }
            if (commandBytes?.readableBytes ?? 0) > Self.maximumCommandSetLength {
                throw Failure(message: "command set longer than \(Self.maximumCommandSetLength) bytes")
            }
            guard pdv.messageControlHeader.isLastFragment, let bytes = commandBytes else { return .incomplete }
            commandBytes = nil
            commandContextID = nil
            let command: DIMSECommand
            do {
                command = try DIMSECommand(decoding: bytes)
            } catch {
                throw Failure(message: "undecodable command set on context \(id): \(error)")
            }
            if command.hasDataSet { dataContextID = id }
            return .commandComplete(command, expectsDataSet: command.hasDataSet)
        } else {
            guard let dataContextID else {
                throw Failure(message: "data set fragment on context \(id) without a command announcing one")
            }
            guard dataContextID == id else {
                throw Failure(message: "data set fragment on context \(id) while the message is on context \(dataContextID)")
            }
            if pdv.messageControlHeader.isLastFragment { self.dataContextID = nil }
            return .dataFragment(pdv.fragment, isLast: pdv.messageControlHeader.isLastFragment)
        }
    }
}

/// One received DIMSE request, from its command to its response.
struct InFlightMessage {
    var command: DIMSECommand
    var contextID: UInt8
    var context: NegotiatedAssociation.Context
    var receivedAt: Date
    var dataBytes = 0
    var sink: (any DataSetSink)?
}
