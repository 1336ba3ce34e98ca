import DICOMDataSet
import DICOMUpperLayer
import Foundation
import NIOCore
import Testing
@testable import AssociationEngine

/// The DIMSE receive path without a channel: PDVs in, whole requests or the reason to abort out (PS3.8 Annex E,
/// PS3.7 Table E.1-1).
@Suite struct DIMSEProcessorTests {
    static func processor() -> DIMSEProcessor {
        DIMSEProcessor(acceptedContextIDs: [1], services: [VerificationService(), StorageService(storage: nil)])
    }

    static func pdv(_ header: MessageControlHeader, _ bytes: ByteBuffer, context: UInt8 = 1) -> PresentationDataValue {
        PresentationDataValue(presentationContextID: context, messageControlHeader: header, fragment: bytes)
    }

    @Test func anEchoIsCompleteWithItsCommand() {
        var dimse = Self.processor()
        let step = dimse.receive(Self.pdv(.commandLast, CEchoRQ(messageID: 9).commandSet.encoded()),
                                 on: DIMSEServiceTests.association, at: Date())
        guard case .complete(let message, let dataSet)? = step.outcome else {
            Issue.record("no complete message: \(String(describing: step.outcome))")
            return
        }
        #expect(message.command.commandField == .cEchoRQ)
        #expect(message.command.messageID == 9)
        #expect(dataSet == nil)
        #expect(step.pause == nil)
    }

    @Test func aStoreCompletesWithItsLastFragmentAndCountsTheBytes() throws {
        var dimse = Self.processor()
        let command = try DIMSEServiceTests.store().commandSet.encoded()
        let first = dimse.receive(Self.pdv(.commandLast, command), on: DIMSEServiceTests.association, at: Date())
        #expect(first.outcome == nil, "the data set is still to come")
        _ = dimse.receive(Self.pdv(.dataMore, ByteBuffer(repeating: 0, count: 100)),
                          on: DIMSEServiceTests.association, at: Date())
        let last = dimse.receive(Self.pdv(.dataLast, ByteBuffer(repeating: 0, count: 28)),
                                 on: DIMSEServiceTests.association, at: Date())
        guard case .complete(let message, _)? = last.outcome else {
            Issue.record("no complete message")
            return
        }
        #expect(message.dataBytes == 128)
        #expect(message.sink is DiscardingSink)
    }

    /// Between a C-STORE's command set and its data set's first byte (when a requestor with Nagle's algorithm on
    /// waits for our ACK, `QuickAck`), and only then.
    @Test func awaitsTheDataSetOnlyBetweenCommandAndFirstDataByte() throws {
        var dimse = Self.processor()
        #expect(!dimse.awaitsDataSetStart)
        _ = dimse.receive(Self.pdv(.commandLast, CEchoRQ(messageID: 2).commandSet.encoded()),
                          on: DIMSEServiceTests.association, at: Date())
        #expect(!dimse.awaitsDataSetStart, "a C-ECHO has no data set")
        let command = try DIMSEServiceTests.store().commandSet.encoded()
        _ = dimse.receive(Self.pdv(.commandLast, command), on: DIMSEServiceTests.association, at: Date())
        #expect(dimse.awaitsDataSetStart)
        _ = dimse.receive(Self.pdv(.dataMore, ByteBuffer(repeating: 0, count: 100)),
                          on: DIMSEServiceTests.association, at: Date())
        #expect(!dimse.awaitsDataSetStart)
        _ = dimse.receive(Self.pdv(.dataLast, ByteBuffer(repeating: 0, count: 28)),
                          on: DIMSEServiceTests.association, at: Date())
        #expect(!dimse.awaitsDataSetStart)
    }

    /// The same point on a relayed message (tap mode): the watcher sees the command set pass, then the data set.
    @Test func aRelayedStoreAwaitsItsDataSetAfterItsCommand() throws {
        var watcher = RelayedMessageWatcher()
        let command = try DIMSEServiceTests.store().commandSet.encoded()
        #expect(!watcher.awaitsDataSetStart)
        _ = watcher.observe(Self.pdv(.commandLast, command))
        #expect(watcher.awaitsDataSetStart)
        _ = watcher.observe(Self.pdv(.dataLast, ByteBuffer(repeating: 0, count: 10)))
        #expect(!watcher.awaitsDataSetStart)
        _ = watcher.observe(Self.pdv(.commandLast, CEchoRQ(messageID: 3).commandSet.encoded()))
        #expect(!watcher.awaitsDataSetStart)
    }

    @Test func aContextNotAcceptedIsInvalidWithItsReason() {
        var dimse = Self.processor()
        let step = dimse.receive(Self.pdv(.commandLast, CEchoRQ(messageID: 1).commandSet.encoded(), context: 3),
                                 on: DIMSEServiceTests.association, at: Date())
        guard case .invalid(let problem, let reason, let command, let contextID)? = step.outcome else {
            Issue.record("accepted a PDV on context 3")
            return
        }
        #expect(problem.contains("presentation context 3"))
        #expect(reason == MessageReassemblerError.unknownPresentationContext(3).abortReason)
        #expect(command == nil)
        #expect(contextID == 3)
    }

    @Test func aCommandWithoutResponseIsInvalidReason6() {
        var set = CommandSet()
        set.set(.commandField, uint16: 0x0FF0)
        set.set(.messageID, uint16: 1)
        set.set(.commandDataSetType, uint16: CommandSet.noDataSet)
        var dimse = Self.processor()
        let step = dimse.receive(Self.pdv(.commandLast, set.encoded()), on: DIMSEServiceTests.association, at: Date())
        guard case .invalid(_, let reason, let command, _)? = step.outcome else {
            Issue.record("an unknown Command Field was accepted")
            return
        }
        #expect(reason == 6)
        #expect(command?.commandField.rawValue == 0x0FF0)
    }

    /// A C-FIND-RQ's identifier (PS3.7 §9.1.2.1) is read as it arrives: read whole, it is the query, and its keys
    /// are the `dimse` event's.
    @Test func aFindCompletesWithItsIdentifierAndItsKeys() {
        var dimse = Self.processor()
        var identifier = AttributeSet()
        identifier[DICOMTag(0x0008, 0x0052)] = AttributeValue(vr: .CS, bytes: Array("STUDY ".utf8))
        identifier[DICOMTag(0x0010, 0x0020)] = AttributeValue(vr: .LO, bytes: Array("PAT*".utf8))
        let command = CFindRQ(messageID: 5, affectedSOPClassUID: FindService.studyRootFind).commandSet.encoded()
        let first = dimse.receive(Self.pdv(.commandLast, command), on: DIMSEServiceTests.association, at: Date())
        #expect(first.outcome == nil, "the identifier is still to come")
        let last = dimse.receive(Self.pdv(.dataLast, identifier.encoded(.implicitVRLittleEndian)),
                                 on: DIMSEServiceTests.association, at: Date())
        guard case .complete(let message, let dataSet)? = last.outcome else {
            Issue.record("no complete message: \(String(describing: last.outcome))")
            return
        }
        #expect(dataSet == nil)
        #expect(message.sink == nil, "no service keeps a C-FIND's identifier")
        #expect(message.identifier == identifier)
        #expect(message.contents?.identifier?.level == "STUDY")
        #expect(message.contents?.identifier?.keys.map(\.tag) == ["(0010,0020)"])
    }

    /// An identifier cut inside an element is no query: nil, and why, for the 0xC000 answer's Error Comment.
    @Test func aFindWhoseIdentifierIsCutHasNoQuery() {
        var dimse = Self.processor()
        let command = CFindRQ(messageID: 6, affectedSOPClassUID: FindService.studyRootFind).commandSet.encoded()
        _ = dimse.receive(Self.pdv(.commandLast, command), on: DIMSEServiceTests.association, at: Date())
        // (0010,0020) announcing 64 bytes, 2 of them present.
        let cut = ByteBuffer(bytes: [0x10, 0x00, 0x20, 0x00, 0x40, 0x00, 0x00, 0x00, 0x41, 0x42])
        let last = dimse.receive(Self.pdv(.dataLast, cut), on: DIMSEServiceTests.association, at: Date())
        guard case .complete(let message, _)? = last.outcome else {
            Issue.record("no complete message")
            return
        }
        #expect(message.identifier == nil)
        #expect(message.identifierProblem != "no identifier", "\(message.identifierProblem)")
    }
}
