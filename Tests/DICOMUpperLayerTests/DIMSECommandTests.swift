import NIOCore
import Testing
@testable import DICOMUpperLayer

@Suite struct DIMSECommandTests {
    @Test func ourCEchoRQMatchesPynetdicomByteForByte() throws {
        let reference = try DIMSEFixture.bytes("pynetdicom-c-echo-rq.bin")
        #expect(Array(CEchoRQ(messageID: 7).commandSet.encoded().readableBytesView) == reference)
        let echo = try CEchoRQ(DIMSECommand(decoding: ByteBuffer(bytes: reference)))
        #expect(echo == CEchoRQ(messageID: 7))
    }

    @Test func ourCEchoRSPMatchesPynetdicom() throws {
        let reference = try DIMSEFixture.bytes("pynetdicom-c-echo-rsp.bin")
        let ours = CEchoRSP(respondingTo: CEchoRQ(messageID: 7))
        #expect(Array(ours.commandSet.encoded().readableBytesView) == reference)
        #expect(try CEchoRSP(DIMSECommand(decoding: ByteBuffer(bytes: reference))) == ours)
    }

    @Test func cStoreRQFromPynetdicom() throws {
        let reference = try DIMSEFixture.bytes("pynetdicom-c-store-rq.bin")
        let command = try DIMSECommand(decoding: ByteBuffer(bytes: reference))
        #expect(command.commandField == .cStoreRQ)
        #expect(command.hasDataSet)
        #expect(command.moveOriginatorApplicationEntityTitle == "MOVESCU")
        #expect(command.moveOriginatorMessageID == 11)
        let store = try CStoreRQ(command)
        #expect(store.messageID == 3)
        #expect(store.affectedSOPClassUID == "1.2.840.10008.5.1.4.1.1.2")
        #expect(store.affectedSOPInstanceUID == "1.2.826.0.1.3680043.9.3811.77.1")
        #expect(store.priority == .high)
        #expect(Array(store.commandSet.encoded().readableBytesView) == reference)
    }

    @Test func cStoreRSPFromPynetdicom() throws {
        let reference = try DIMSEFixture.bytes("pynetdicom-c-store-rsp.bin")
        let response = try CStoreRSP(DIMSECommand(decoding: ByteBuffer(bytes: reference)))
        #expect(response.status == .outOfResources)
        #expect(response.messageIDBeingRespondedTo == 3)
        let request = CStoreRQ(messageID: 3, affectedSOPClassUID: "1.2.840.10008.5.1.4.1.1.2",
                               affectedSOPInstanceUID: "1.2.826.0.1.3680043.9.3811.77.1")
        let ours = CStoreRSP(respondingTo: request, status: .outOfResources)
        #expect(Array(ours.commandSet.encoded().readableBytesView) == reference)
    }

    @Test func whatDCMTKEchoscuSends() throws {
        let items = try DIMSEFixture.pDataTFItems("dcmtk-echoscu-pdata.bin")
        let pdvs = try PresentationDataValue.decodeItems(items)
        try #require(pdvs.count == 1)
        #expect(pdvs[0].messageControlHeader == .commandLast)
        let command = try DIMSECommand(decoding: pdvs[0].fragment)
        #expect(command.commandField == .cEchoRQ)
        #expect(command.commandField.name == "C-ECHO-RQ")
        #expect(command.messageID == 1)
        #expect(command.affectedSOPClassUID == "1.2.840.10008.1.1")
        #expect(!command.hasDataSet)
        #expect(command.commandSet.groupLengthMatches == true)
        // DCMTK and we encode a C-ECHO-RQ identically.
        #expect(Array(pdvs[0].fragment.readableBytesView) == CommandSetTests.handBuiltCEchoRQ)
    }

    @Test func whatDCMTKStorescuSends() throws {
        let items = try DIMSEFixture.pDataTFItems("dcmtk-storescu-pdata-0.bin")
        let pdvs = try PresentationDataValue.decodeItems(items)
        let command = try DIMSECommand(decoding: try #require(pdvs.first).fragment)
        let store = try CStoreRQ(command)
        #expect(store.affectedSOPClassUID == "1.2.840.10008.5.1.4.1.1.2")
        #expect(store.priority == .medium)
        #expect(store.commandDataSetType != CommandSet.noDataSet)
        #expect(UIDDictionary.isStorageSOPClass(store.affectedSOPClassUID))
    }

    @Test func typedReadersCheckTheCommandField() throws {
        let echo = try DIMSECommand(commandSet: CEchoRQ(messageID: 1).commandSet)
        #expect(throws: CommandSetError.unexpectedCommandField(expected: .cStoreRQ, actual: .cEchoRQ)) {
            try CStoreRQ(echo)
        }
        var incomplete = CEchoRQ(messageID: 1).commandSet
        incomplete.remove(.messageID)
        #expect(throws: CommandSetError.missingElement(.messageID)) {
            try CEchoRQ(DIMSECommand(commandSet: incomplete))
        }
    }

    @Test func genericReaderForCFind() throws {
        var set = CommandSet()
        set.set(.affectedSOPClassUID, uid: "1.2.840.10008.5.1.4.1.2.2.1")
        set.set(.commandField, uint16: 0x0020)
        set.set(.messageID, uint16: 42)
        set.set(.priority, uint16: 2)
        set.set(.commandDataSetType, uint16: 0x0000)
        let command = try DIMSECommand(decoding: set.encoded())
        #expect(command.commandField == .cFindRQ)
        #expect(command.commandField.description == "C-FIND-RQ")
        #expect(command.priority == .low)
        #expect(command.hasDataSet)
        #expect(command.messageID == 42)
        #expect(UIDDictionary.name(for: command.sopClassUID ?? "")
            == "Study Root Query/Retrieve Information Model - FIND")
    }

    /// C-FIND-RQ and C-CANCEL-RQ typed readers (PS3.7 Tables 9.3-3 and 9.3-5) round-trip and name what is missing.
    @Test func cFindAndCCancelRequests() throws {
        let find = CFindRQ(messageID: 7, affectedSOPClassUID: "1.2.840.10008.5.1.4.31", priority: .high)
        let read = try CFindRQ(DIMSECommand(decoding: find.commandSet.encoded()))
        #expect(read == find)
        #expect(read.hasIdentifier)
        var noIdentifier = find.commandSet
        noIdentifier.set(.commandDataSetType, uint16: CommandSet.noDataSet)
        #expect(try CFindRQ(DIMSECommand(commandSet: noIdentifier)).hasIdentifier == false)
        var noClass = find.commandSet
        noClass.remove(.affectedSOPClassUID)
        #expect(throws: CommandSetError.missingElement(.affectedSOPClassUID)) {
            try CFindRQ(DIMSECommand(commandSet: noClass))
        }
        let cancel = CCancelRQ(messageIDBeingRespondedTo: 7)
        let command = try DIMSECommand(decoding: cancel.commandSet.encoded())
        #expect(command.commandField == .cCancelRQ)
        #expect(try CCancelRQ(command) == cancel)
        #expect(throws: CommandSetError.unexpectedCommandField(expected: .cCancelRQ, actual: .cFindRQ)) {
            try CCancelRQ(DIMSECommand(commandSet: find.commandSet))
        }
    }

    @Test func responsesForAnyRequest() throws {
        var set = CommandSet()
        set.set(.requestedSOPClassUID, uid: "1.2.840.10008.5.1.1.1")
        set.set(.requestedSOPInstanceUID, uid: "1.2.3.4.5")
        set.set(.commandField, uint16: CommandField.nActionRQ.rawValue)
        set.set(.messageID, uint16: 77)
        set.set(.commandDataSetType, uint16: CommandSet.noDataSet)
        set.set(.actionTypeID, uint16: 1)
        let request = try DIMSECommand(commandSet: set)
        let response = try DIMSECommand(commandSet: request.response(
            status: .unrecognizedOperation, errorComment: "not implemented here"))
        #expect(response.commandField == .nActionRSP)
        #expect(response.commandField.rawValue == 0x8130)
        #expect(response.messageIDBeingRespondedTo == 77)
        #expect(response.affectedSOPClassUID == "1.2.840.10008.5.1.1.1")
        #expect(response.affectedSOPInstanceUID == "1.2.3.4.5")
        #expect(response.status == .unrecognizedOperation)
        #expect(response.errorComment == "not implemented here")
        #expect(!response.hasDataSet)

        let store = CStoreRQ(messageID: 5, affectedSOPClassUID: "1.2.840.10008.5.1.4.1.1.2",
                             affectedSOPInstanceUID: "1.2.3")
        let storeResponse = try DIMSECommand(commandSet: store.commandSet).response(status: .sopClassNotSupported)
        #expect(try CStoreRSP(DIMSECommand(commandSet: storeResponse))
            == CStoreRSP(respondingTo: store, status: .sopClassNotSupported))
    }

    @Test func noResponseForResponsesOrCancel() throws {
        let rsp = try DIMSECommand(commandSet: CEchoRSP(messageIDBeingRespondedTo: 1).commandSet)
        #expect(throws: CommandSetError.noResponseDefined(.cEchoRSP)) { try rsp.response(status: .success) }
        var cancel = CommandSet()
        cancel.set(.commandField, uint16: 0x0FFF)
        cancel.set(.messageIDBeingRespondedTo, uint16: 3)
        cancel.set(.commandDataSetType, uint16: CommandSet.noDataSet)
        let cancelCommand = try DIMSECommand(commandSet: cancel)
        #expect(cancelCommand.commandField.name == "C-CANCEL-RQ")
        #expect(throws: CommandSetError.noResponseDefined(.cCancelRQ)) { try cancelCommand.response(status: .success) }
    }

    @Test func commandFieldTable() {
        #expect(CommandField.allKnown.count == 23)
        for field in CommandField.allKnown {
            #expect(field.name != nil)
            if let response = field.response {
                #expect(response.rawValue == field.rawValue | 0x8000)
                #expect(response.request == field)
                #expect(response.name == field.serviceName.map { $0 + "-RSP" })
            }
        }
        #expect(CommandField(rawValue: 0x8FFF).name == nil)
        #expect(CommandField(rawValue: 0x1234).description == "0x1234")
        #expect(CommandField.nEventReportRSP.name == "N-EVENT-REPORT-RSP")
    }

    @Test func statusTable() {
        #expect(DIMSEStatus.success.category == .success)
        #expect(DIMSEStatus.pending.category == .pending)
        #expect(DIMSEStatus.cancel.category == .cancel)
        #expect(DIMSEStatus.coercionOfDataElements.category == .warning)
        #expect(DIMSEStatus.outOfResources.category == .failure)
        #expect(DIMSEStatus(rawValue: 0xC123).category == .failure)
        #expect(DIMSEStatus(rawValue: 0xC123).name == "Error: cannot understand")
        #expect(DIMSEStatus.sopClassNotSupported.name == "Refused: SOP Class not supported")
        #expect(DIMSEStatus.unrecognizedOperation.description == "0x0211 Unrecognized operation")
        #expect(DIMSEStatus.dataSetDoesNotMatchSOPClass.rawValue == 0xA900)
        #expect(DIMSEStatus(rawValue: 0x7777).name == nil)
    }
}
