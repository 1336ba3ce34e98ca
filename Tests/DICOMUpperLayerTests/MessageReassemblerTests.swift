import NIOCore
import TestSupport
import Testing
@testable import DICOMUpperLayer

private func pdv(_ id: UInt8, _ header: UInt8, _ fragment: ByteBuffer) -> PresentationDataValue {
    PresentationDataValue(presentationContextID: id, messageControlHeader: MessageControlHeader(rawValue: header),
                          fragment: fragment)
}

private func items(_ values: [PresentationDataValue]) -> ByteBuffer {
    var buffer = ByteBuffer()
    for value in values { value.encode(into: &buffer) }
    return buffer
}

@Suite struct MessageReassemblerTests {
    static let storeCommand = CStoreRQ(messageID: 1, affectedSOPClassUID: "1.2.840.10008.5.1.4.1.1.2",
                                       affectedSOPInstanceUID: "1.2.3.4").commandSet.encoded()
    static let echoCommand = CEchoRQ(messageID: 2).commandSet.encoded()

    @Test func commandAndDataInOnePDUManyPDVs() throws {
        // dcm4che-style packing: command and data set PDVs in one P-DATA-TF, then an echo on another context.
        let data = patternBytes(64)
        let body = items([
            pdv(1, 0x01, Self.storeCommand.getSlice(at: 0, length: 20) ?? ByteBuffer()),
            pdv(1, 0x03, Self.storeCommand.getSlice(at: 20, length: Self.storeCommand.readableBytes - 20)
                ?? ByteBuffer()),
            pdv(1, 0x00, data.getSlice(at: 0, length: 32) ?? ByteBuffer()),
            pdv(1, 0x02, data.getSlice(at: 32, length: 32) ?? ByteBuffer()),
            pdv(3, 0x03, Self.echoCommand),
        ])
        var reassembler = MessageReassembler()
        var accumulator = MessageReassembler.Accumulator()
        var events: [MessageReassembler.Event] = []
        try reassembler.receive(pDataTFItems: body) { events.append($0) }
        #expect(events.count == 4)
        guard case .command(let store, 1, let bytes) = events[0] else { Issue.record("store command"); return }
        #expect(store.commandField == .cStoreRQ)
        #expect(bytes == Self.storeCommand)
        guard case .dataSetFragment(_, 1, false) = events[1], case .dataSetFragment(_, 1, true) = events[2],
              case .command(let echo, 3, _) = events[3] else { Issue.record("order"); return }
        #expect(echo.commandField == .cEchoRQ)
        #expect(reassembler.isBetweenMessages)
        #expect(reassembler.commandCount == 2)
        #expect(reassembler.dataSetByteCount == 64)

        let messages = try accumulator.receive(pDataTFItems: body)
        #expect(messages.count == 2)
        #expect(messages[0].dataSet == data)
        #expect(messages[1].dataSet == nil)
        #expect(messages[1].presentationContextID == 3)
    }

    @Test func realStorescuPDUs() throws {
        var reassembler = MessageReassembler()
        var dataSet = ByteBuffer()
        var command: DIMSECommand?
        var last = false
        for index in 0..<4 {
            let body = try DIMSEFixture.pDataTFItems("dcmtk-storescu-pdata-\(index).bin")
            try reassembler.receive(pDataTFItems: body) { event in
                switch event {
                case .command(let value, _, _): command = value
                case .dataSetFragment(var fragment, _, let isLast):
                    dataSet.writeBuffer(&fragment)
                    last = isLast
                }
            }
        }
        #expect(try CStoreRQ(#require(command)).affectedSOPInstanceUID == "1.2.826.0.1.3680043.9.3811.77.1")
        #expect(last)
        #expect(reassembler.takeFindings().isEmpty)
        // Explicit VR LE data set starting with (0008,0016) SOP Class UID, 64×64×2 pixel bytes inside.
        #expect(Array(dataSet.readableBytesView.prefix(6)) == [0x08, 0x00, 0x16, 0x00, 0x55, 0x49])
        #expect(dataSet.readableBytes > 8192)
    }

    /// The engine's path: whole captured PDUs through `PDU.decode` (the framer), then `receive(PDataTF)`.
    @Test func realStorescuPDUsThroughTheFramer() throws {
        var accumulator = MessageReassembler.Accumulator()
        var messages: [MessageReassembler.CompleteMessage] = []
        for index in 0..<4 {
            let pdu = try PDU.decode(bytes: DIMSEFixture.buffer("dcmtk-storescu-pdata-\(index).bin"))
            guard case .dataTF(let data) = pdu else { Issue.record("P-DATA-TF expected"); return }
            messages += try accumulator.receive(data)
        }
        try #require(messages.count == 1)
        #expect(messages[0].command.commandField == .cStoreRQ)
        #expect(messages[0].presentationContextID % 2 == 1)
        let dataSet = try #require(messages[0].dataSet)
        #expect(dataSet.readableBytes > 64 * 64 * 2)
        #expect(accumulator.reassembler.isBetweenMessages)

        var reassembler = MessageReassembler()
        let echo = try PDU.decode(bytes: DIMSEFixture.buffer("dcmtk-echoscu-pdata.bin"))
        guard case .dataTF(let echoData) = echo else { Issue.record("P-DATA-TF expected"); return }
        let events = try reassembler.receive(echoData)
        guard case .command(let command, _, _)? = events.first, events.count == 1 else {
            Issue.record("one command event"); return
        }
        #expect(try CEchoRQ(command).messageID == 1)
    }

    @Test func dataFragmentsAreSlicesNotCopies() throws {
        let data = patternBytes(1000)
        let body = items([pdv(1, 0x03, Self.storeCommand), pdv(1, 0x02, data)])
        var reassembler = MessageReassembler()
        var sharesStorage = false
        try reassembler.receive(pDataTFItems: body) { event in
            guard case .dataSetFragment(let fragment, _, _) = event else { return }
            body.withUnsafeReadableBytes { whole in
                fragment.withUnsafeReadableBytes { part in
                    guard let wholeBase = whole.baseAddress, let partBase = part.baseAddress else { return }
                    sharesStorage = partBase >= wholeBase && partBase + part.count <= wholeBase + whole.count
                }
            }
        }
        #expect(sharesStorage)
    }

    @Test func interleavedContexts() throws {
        var reassembler = MessageReassembler()
        _ = try reassembler.receive(pdv(1, 0x01, patternBytes(10)))
        #expect(throws: MessageReassemblerError.interleavedPresentationContext(expected: 1, received: 3)) {
            try reassembler.receive(pdv(3, 0x03, Self.echoCommand))
        }
        #expect(reassembler.isBetweenMessages, "reset after an error")
        var inData = MessageReassembler()
        _ = try inData.receive(pdv(1, 0x03, Self.storeCommand))
        #expect(throws: MessageReassemblerError.interleavedPresentationContext(expected: 1, received: 5)) {
            try inData.receive(pdv(5, 0x00, patternBytes(4)))
        }
        #expect(MessageReassemblerError.interleavedPresentationContext(expected: 1, received: 5).abortReason == 2)
    }

    @Test func commandFragmentMidDataSet() throws {
        var reassembler = MessageReassembler()
        _ = try reassembler.receive(pdv(1, 0x03, Self.storeCommand))
        _ = try reassembler.receive(pdv(1, 0x00, patternBytes(4)))
        let error = MessageReassemblerError.commandFragmentDuringDataSet(presentationContextID: 1)
        #expect(throws: error) { try reassembler.receive(pdv(1, 0x03, Self.echoCommand)) }
        #expect(error.abortReason == 2)
        #expect(error.abortSource == 2)
    }

    @Test func dataBeforeCommand() throws {
        var fresh = MessageReassembler()
        #expect(throws: MessageReassemblerError.dataFragmentBeforeCommand(presentationContextID: 1)) {
            try fresh.receive(pdv(1, 0x02, patternBytes(4)))
        }
        var midCommand = MessageReassembler()
        _ = try midCommand.receive(pdv(1, 0x01, patternBytes(10)))
        #expect(throws: MessageReassemblerError.dataFragmentBeforeCommand(presentationContextID: 1)) {
            try midCommand.receive(pdv(1, 0x02, patternBytes(4)))
        }
    }

    @Test func dataAfterCommandWithoutDataSet() throws {
        var reassembler = MessageReassembler()
        _ = try reassembler.receive(pdv(1, 0x03, Self.echoCommand))
        #expect(throws: MessageReassemblerError.unexpectedDataSet(presentationContextID: 1, commandField: .cEchoRQ)) {
            try reassembler.receive(pdv(1, 0x02, patternBytes(4)))
        }
    }

    @Test func fragmentAfterLastFragment() throws {
        var reassembler = MessageReassembler()
        _ = try reassembler.receive(pdv(1, 0x03, Self.storeCommand))
        _ = try reassembler.receive(pdv(1, 0x02, patternBytes(4)))
        #expect(throws: MessageReassemblerError.fragmentAfterLastFragment(presentationContextID: 1)) {
            try reassembler.receive(pdv(1, 0x00, patternBytes(4)))
        }
    }

    @Test func oddFragmentsAndReservedBitsAreFindings() throws {
        var reassembler = MessageReassembler()
        _ = try reassembler.receive(pdv(1, 0x03 | 0x40, Self.storeCommand))
        let event = try reassembler.receive(pdv(1, 0x02, patternBytes(5)))
        guard case .dataSetFragment(_, _, true)? = event else { Issue.record("odd fragment still delivered"); return }
        let findings = reassembler.takeFindings()
        #expect(findings == [
            .reservedBitsSet(presentationContextID: 1, messageControlHeader: 0x43),
            .oddFragmentLength(presentationContextID: 1, isCommand: false, length: 5),
        ])
        #expect(findings.map(\.code) == ["pdv.reserved-bits", "pdv.odd-fragment"])
        #expect(reassembler.takeFindings().isEmpty)

        var strict = MessageReassembler(strict: true)
        _ = try strict.receive(pdv(1, 0x03, Self.storeCommand))
        let error = MessageReassemblerError.strict(.oddFragmentLength(presentationContextID: 1, isCommand: false,
                                                                      length: 5))
        #expect(throws: error) { try strict.receive(pdv(1, 0x02, patternBytes(5))) }
        #expect(error.abortReason == 6)
    }

    /// A PDV item received in pieces (`PDataTFStream`) is judged as the item the peer sent: an even item cut at
    /// odd offsets is no finding, an odd one is one finding, however many pieces it came in.
    @Test func piecesOfAnItemAreJudgedAsTheItem() throws {
        var reassembler = MessageReassembler()
        _ = try reassembler.receive(pdv(1, 0x03, Self.storeCommand))
        let data = patternBytes(8)
        let pieces = [(0, 3, PresentationDataValue.Cut.first(itemFragmentLength: 8)), (3, 2, .rest), (5, 3, .rest)]
        for (start, length, cut) in pieces {
            _ = try reassembler.receive(PresentationDataValue(
                presentationContextID: 1, messageControlHeader: .dataMore,
                fragment: data.getSlice(at: start, length: length)!, cut: cut))
        }
        #expect(reassembler.takeFindings().isEmpty)
        _ = try reassembler.receive(PresentationDataValue(presentationContextID: 1, messageControlHeader: .dataMore,
                                                          fragment: patternBytes(4), cut: .first(itemFragmentLength: 9)))
        let last = try reassembler.receive(PresentationDataValue(presentationContextID: 1, messageControlHeader: .dataLast,
                                                                 fragment: patternBytes(5), cut: .rest))
        guard case .dataSetFragment(_, _, true)? = last else { Issue.record("the last piece ends the data set"); return }
        #expect(reassembler.takeFindings() == [.oddFragmentLength(presentationContextID: 1, isCommand: false, length: 9)])
    }

    @Test func findingsAreBounded() throws {
        var reassembler = MessageReassembler()
        _ = try reassembler.receive(pdv(1, 0x03, Self.storeCommand))
        for _ in 0..<(MessageReassembler.maximumFindings + 10) {
            _ = try reassembler.receive(pdv(1, 0x00, patternBytes(3)))
        }
        #expect(reassembler.findings.count == MessageReassembler.maximumFindings)
        #expect(reassembler.droppedFindingCount == 10)
    }

    @Test func commandGroupLengthMismatchIsAFinding() throws {
        var bytes = Array(Self.echoCommand.readableBytesView)
        bytes[8] &+= 2
        var reassembler = MessageReassembler()
        _ = try reassembler.receive(pdv(1, 0x03, ByteBuffer(bytes: bytes)))
        #expect(reassembler.takeFindings() == [.commandGroupLengthMismatch(declared: 58, actual: 56)])
    }

    @Test func aMissingCommandDataSetTypeIsAFinding() throws {
        var command = CommandSet()
        command.set(.affectedSOPClassUID, uid: "1.2.840.10008.1.1")
        command.set(.commandField, uint16: CommandField.cEchoRQ.rawValue)
        command.set(.messageID, uint16: 1)
        var reassembler = MessageReassembler()
        let event = try reassembler.receive(pdv(1, 0x03, command.encoded()))
        guard case .command(let received, _, _)? = event else { Issue.record("command not delivered"); return }
        #expect(!received.hasDataSet)
        let findings = reassembler.takeFindings()
        #expect(findings == [.commandDataSetTypeMissing(commandField: .cEchoRQ)])
        #expect(findings.map(\.code) == ["dimse.data-set-type-missing"])
        #expect(findings.map(\.severity) == [.warning])
    }

    @Test func malformedAndOversizedCommands() throws {
        var reassembler = MessageReassembler(maximumCommandLength: 100)
        #expect(throws: MessageReassemblerError.malformedCommandSet(.truncatedElementHeader(offset: 0, remaining: 4))) {
            try reassembler.receive(pdv(1, 0x03, patternBytes(4)))
        }
        _ = try reassembler.receive(pdv(1, 0x01, patternBytes(60)))
        #expect(throws: MessageReassemblerError.commandSetTooLong(limit: 100)) {
            try reassembler.receive(pdv(1, 0x01, patternBytes(60)))
        }
    }

    @Test func unknownPresentationContext() {
        var reassembler = MessageReassembler(acceptedPresentationContextIDs: [1, 3])
        #expect(throws: MessageReassemblerError.unknownPresentationContext(5)) {
            try reassembler.receive(pdv(5, 0x03, Self.echoCommand))
        }
    }

    @Test func malformedPDVItems() {
        var reassembler = MessageReassembler()
        #expect(throws: MessageReassemblerError.noPresentationDataValues) {
            try reassembler.receive(pDataTFItems: ByteBuffer())
        }
        #expect(throws: MessageReassemblerError.pdvItemTooShort(offset: 0, itemLength: 1)) {
            try reassembler.receive(pDataTFItems: ByteBuffer(bytes: [0, 0, 0, 1, 1, 3]))
        }
        #expect(throws: MessageReassemblerError.pdvItemTruncated(offset: 0, declaredLength: nil, remaining: 5)) {
            try reassembler.receive(pDataTFItems: ByteBuffer(bytes: [0, 0, 0, 4, 1]))
        }
        #expect(throws: MessageReassemblerError.pdvItemTruncated(offset: 0, declaredLength: 0xFFFF_FFFF,
                                                                 remaining: 4)) {
            try reassembler.receive(pDataTFItems: ByteBuffer(bytes: [0xFF, 0xFF, 0xFF, 0xFF, 1, 3, 0, 0]))
        }
        #expect(MessageReassemblerError.pdvItemTooShort(offset: 0, itemLength: 1).abortReason == 6)
    }

    @Test func accumulatorBoundsDataSets() throws {
        var accumulator = MessageReassembler.Accumulator(maximumDataSetLength: 8)
        _ = try accumulator.receive(pdv(1, 0x03, Self.storeCommand))
        _ = try accumulator.receive(pdv(1, 0x00, patternBytes(6)))
        #expect(throws: MessageReassembler.Accumulator.DataSetTooLong(limit: 8)) {
            try accumulator.receive(pdv(1, 0x02, patternBytes(4)))
        }
    }

    /// Random mutations of a valid P-DATA-TF body: always events or a typed error, never a trap.
    @Test func randomMutationsNeverTrap() throws {
        let body = items([pdv(1, 0x01, Self.storeCommand.getSlice(at: 0, length: 40) ?? ByteBuffer()),
                          pdv(1, 0x03, Self.storeCommand.getSlice(at: 40, length: Self.storeCommand.readableBytes - 40)
                              ?? ByteBuffer()),
                          pdv(1, 0x00, patternBytes(40)), pdv(1, 0x02, patternBytes(40))])
        var generator = SplitMix64(seed: 42)
        var outcomes = (ok: 0, failed: 0)
        for _ in 0..<5000 {
            var bytes = Array(body.readableBytesView)
            for _ in 0...(Int(generator.next() % 3)) {
                bytes[Int(generator.next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: generator.next())
            }
            var reassembler = MessageReassembler()
            do {
                _ = try reassembler.receive(pDataTFItems: ByteBuffer(bytes: bytes)) as [MessageReassembler.Event]
                outcomes.ok += 1
            } catch {
                #expect(error.abortSource == 2)
                outcomes.failed += 1
            }
        }
        #expect(outcomes.ok > 0)
        #expect(outcomes.failed > 0)
    }

    /// What an SCP sends for each error: A-ABORT source 2 with reason 2 (unexpected PDU) for sequencing
    /// errors and 6 (invalid PDU parameter value) for malformed content (PS3.8 Table 9-26).
    @Test func abortMapping() {
        let sequencing: [MessageReassemblerError] = [
            .interleavedPresentationContext(expected: 1, received: 3),
            .commandFragmentDuringDataSet(presentationContextID: 1),
            .dataFragmentBeforeCommand(presentationContextID: 1),
            .unexpectedDataSet(presentationContextID: 1, commandField: .cEchoRQ),
            .fragmentAfterLastFragment(presentationContextID: 1),
        ]
        let malformed: [MessageReassemblerError] = [
            .noPresentationDataValues, .pdvItemTooShort(offset: 0, itemLength: 0),
            .pdvItemTruncated(offset: 0, declaredLength: 9, remaining: 2), .unknownPresentationContext(9),
            .commandSetTooLong(limit: 1), .malformedCommandSet(.missingElement(.commandField)),
            .strict(.reservedBitsSet(presentationContextID: 1, messageControlHeader: 0xFF)),
        ]
        #expect(sequencing.allSatisfy { $0.abortSource == 2 && $0.abortReason == 2 })
        #expect(malformed.allSatisfy { $0.abortSource == 2 && $0.abortReason == 6 })
        #expect(Set((sequencing + malformed).map(\.description)).count == sequencing.count + malformed.count)
        #expect(CommandSetError.missingElement(.commandField).abortReason == 6)
    }
}
