import AssociationEngine
import AssociationEvents
import DICOMUpperLayer
import Foundation
import NIOCore
import SCUTestClient
import TestSupport
import Testing

/// Requests the engine does not implement, odd negotiations, and a graceful stop in the middle of a C-STORE.
@Suite(.timeLimit(.minutes(1)))
struct ServicesLoopbackTests {
    static let ct = "1.2.840.10008.5.1.4.1.1.2", mr = "1.2.840.10008.5.1.4.1.1.4"
    static let implicitLE = "1.2.840.10008.1.2"

    /// A C-FIND-RQ command set with an identifier following (PS3.7 §9.3.2.1).
    static func cFindRQ(messageID: UInt16, sopClass: String) -> ByteBuffer {
        var command = CommandSet()
        command.set(.affectedSOPClassUID, uid: sopClass)
        command.set(.commandField, uint16: CommandField.cFindRQ.rawValue)
        command.set(.messageID, uint16: messageID)
        command.set(.priority, uint16: 0)
        command.set(.commandDataSetType, uint16: CommandSet.dataSetPresent)
        return command.encoded()
    }

    @Test(arguments: [(ct, UInt16(0x0211)), (mr, UInt16(0x0122))])
    func anUnimplementedRequestGetsAFailureResponse(sopClass: String, status: UInt16) async throws {
        try await withEngine(configure: { $0.policy = .accept }) { harness in
            let client = try await SCUTestClient.connect(port: harness.port)
            let rq = SCUTestClient.associateRQ(contexts: [(1, Self.ct, [Self.implicitLE])])
            guard case .pdu(.associateAC) = try await client.associate(rq) else { Issue.record("no AC"); return }
            // (0010,0010) PN, length 0: an identifier asking for Patient's Name.
            let identifier = ByteBuffer(bytes: [0x10, 0x00, 0x10, 0x00, 0x00, 0x00, 0x00, 0x00])
            try await client.send(.dataTF(PDataTF(values: [
                PresentationDataValue(presentationContextID: 1, messageControlHeader: .commandLast,
                                      fragment: Self.cFindRQ(messageID: 9, sopClass: sopClass)),
                PresentationDataValue(presentationContextID: 1, messageControlHeader: .dataLast, fragment: identifier),
            ])))
            guard case .pdu(.dataTF(let pData)) = await client.receive() else { Issue.record("no response"); return }
            let response = try DIMSECommand(decoding: pData.values[0].fragment)
            #expect(response.commandField == .cFindRSP)
            #expect(response.messageIDBeingRespondedTo == 9)
            #expect(response.status?.rawValue == status)
            #expect(!response.hasDataSet)
            guard case .pdu(.releaseRP) = try await client.release() else { Issue.record("no release"); return }
        }
    }

    /// An N-ACTION-RQ (Storage Commitment, PS3.4 J.3.2) on a context accepted as CT storage: a known request
    /// assocmon does not serve there gets its own response command with 0x0122 SOP class not supported.
    @Test func anNActionOnAStorageContextGetsAFailureResponse() async throws {
        try await withEngine(configure: { $0.policy = .accept }) { harness in
            let client = try await SCUTestClient.connect(port: harness.port)
            let rq = SCUTestClient.associateRQ(contexts: [(1, Self.ct, [Self.implicitLE])])
            guard case .pdu(.associateAC) = try await client.associate(rq) else { Issue.record("no AC"); return }
            var command = CommandSet()
            command.set(.requestedSOPClassUID, uid: "1.2.840.10008.1.20.1")
            command.set(.commandField, uint16: CommandField.nActionRQ.rawValue)
            command.set(.messageID, uint16: 4)
            command.set(.commandDataSetType, uint16: CommandSet.noDataSet)
            command.set(.requestedSOPInstanceUID, uid: "1.2.840.10008.1.20.1.1")
            command.set(.actionTypeID, uint16: 1)
            try await client.send(.dataTF(PDataTF(values: [
                PresentationDataValue(presentationContextID: 1, messageControlHeader: .commandLast,
                                      fragment: command.encoded()),
            ])))
            guard case .pdu(.dataTF(let pData)) = await client.receive(timeout: .seconds(3)) else {
                Issue.record("no N-ACTION-RSP"); return
            }
            let response = try DIMSECommand(decoding: pData.values[0].fragment)
            #expect(response.commandField == .nActionRSP)
            #expect(response.messageIDBeingRespondedTo == 4)
            #expect(response.status?.rawValue == 0x0122)
        }
    }

    /// A request no response can be built for — a Command Field PS3.7 does not define, or a known one without a
    /// Message ID — is answered with an A-ABORT (source 2, reason 6) in the same read, never with silence; the
    /// `dimse` and `aborted` events name the command field.
    @Test(arguments: [(UInt16(0x0FF0), true, "0x0FF0"), (CommandField.cEchoRQ.rawValue, false, "C-ECHO-RQ")])
    func aRequestWithoutAPossibleResponseIsAborted(field: UInt16, withMessageID: Bool, named: String) async throws {
        try await withEngine(configure: { $0.policy = .accept }) { harness in
            let client = try await SCUTestClient.connect(port: harness.port)
            let rq = SCUTestClient.associateRQ(contexts: [(1, "1.2.840.10008.1.1", [Self.implicitLE])])
            guard case .pdu(.associateAC) = try await client.associate(rq) else { Issue.record("no AC"); return }
            var command = CommandSet()
            command.set(.affectedSOPClassUID, uid: "1.2.840.10008.1.1")
            command.set(.commandField, uint16: field)
            if withMessageID { command.set(.messageID, uint16: 7) }
            command.set(.commandDataSetType, uint16: CommandSet.noDataSet)
            try await client.send(.dataTF(PDataTF(values: [
                PresentationDataValue(presentationContextID: 1, messageControlHeader: .commandLast,
                                      fragment: command.encoded()),
            ])))
            guard case .pdu(.abort(let abort)) = await client.receive(timeout: .seconds(3)) else {
                Issue.record("no A-ABORT within 3 s"); return
            }
            #expect(abort.source == 2)
            #expect(abort.reason == 6)
            let aborted = try #require(await harness.waitFor(.seconds(5)) { $0.aborted != nil }?.aborted)
            #expect(aborted.by == .engine)
            #expect(aborted.detail?.contains(named) == true, "\(aborted.detail ?? "no detail")")
            let received = try #require(await harness.waitFor(.seconds(5)) { $0.dimseMessage != nil }?.dimseMessage)
            #expect(received.direction == .received)
            #expect(received.commandField == Int(field))
            #expect(received.command == named)
        }
    }

    /// A C-ECHO-RQ whose Command Group Length (0000,0000) is 2 too large is still answered, and its `dimse`
    /// event carries the reassembler's finding (PS3.7 §6.3.1); the response's event has none.
    @Test func aWrongCommandGroupLengthIsAFindingOfItsDIMSEEvent() async throws {
        try await withEngine(configure: { $0.policy = .accept }) { harness in
            let client = try await SCUTestClient.connect(port: harness.port)
            guard case .pdu(.associateAC) = try await client.associate() else { Issue.record("no AC"); return }
            var bytes = Array(CEchoRQ(messageID: 5).commandSet.encoded().readableBytesView)
            bytes[8] &+= 2  // the UL value of (0000,0000), little endian
            try await client.send(.dataTF(PDataTF(values: [
                PresentationDataValue(presentationContextID: 1, messageControlHeader: .commandLast,
                                      fragment: ByteBuffer(bytes: bytes)),
            ])))
            guard case .pdu(.dataTF) = await client.receive(timeout: .seconds(3)) else { Issue.record("no C-ECHO-RSP"); return }
            let received = try #require(await harness.waitFor(.seconds(5)) {
                $0.dimseMessage?.direction == .received
            }?.dimseMessage)
            let findings = try #require(received.findings)
            #expect(findings.map(\.code) == ["dimse.group-length"])
            #expect(findings.first?.severity == "warning")
            #expect(findings.first?.message.contains("Command Group Length says") == true)
            let sent = try #require(await harness.waitFor(.seconds(5)) { $0.dimseMessage?.direction == .sent }?.dimseMessage)
            #expect(sent.findings == nil)
            // The headless line carries them too.
            let line = JSONLines.Encoder().line(for: .dimse(received))
            #expect(line.contains(#""findings":[{"code":"dimse.group-length","severity":"warning","message":"Command Group Length says"#))
        }
    }

    @Test func anEvenContextIDIsRejectedAndTheRestServed() async throws {
        try await withEngine(configure: { $0.policy = .accept }) { harness in
            let client = try await SCUTestClient.connect(port: harness.port)
            let rq = SCUTestClient.associateRQ(contexts: [(1, "1.2.840.10008.1.1", [Self.implicitLE]),
                                                          (2, Self.ct, [Self.implicitLE])])
            guard case .pdu(.associateAC(let ac)) = try await client.associate(rq, unchecked: true) else {
                Issue.record("no AC"); return
            }
            #expect(ac.presentationContexts.map(\.id) == [1, 2])
            #expect(ac.presentationContexts.map(\.result) == [.acceptance, .noReason])
            let requested = try #require(await harness.waitFor { $0.requested != nil }?.requested)
            #expect(requested.findings.contains { $0.code == "pc-id-even" })
            try await client.sendEcho(contextID: 1)
            guard case .pdu(.dataTF) = await client.receive() else { Issue.record("no C-ECHO-RSP"); return }
        }
    }

    /// A data set ended by an empty last fragment (PS3.8 Annex E allows a PDV of length 2), in one P-DATA-TF far
    /// longer than the first reads (2 KiB), so that it reaches the DIMSE provider in pieces: the store completes, its
    /// file holds the data set, and the empty fragment is no finding.
    @Test func aDataSetEndedByAnEmptyFragmentInAPDULongerThanAReadIsStored() async throws {
        let work = NSTemporaryDirectory() + "assocmon-empty-last-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: work) }
        try await withEngine(configure: {
            $0.policy = .accept
            $0.noStore = false
            $0.storageDirectory = work
        }) { harness in
            let client = try await SCUTestClient.connect(port: harness.port)
            defer { client.close() }
            let explicitLE = "1.2.840.10008.1.2.1"
            let rq = SCUTestClient.associateRQ(contexts: [(1, Self.ct, [explicitLE])], maxPDULength: 65_536)
            guard case .pdu(.associateAC) = try await client.associate(rq) else { Issue.record("no AC"); return }
            let command = CStoreRQ(messageID: 1, affectedSOPClassUID: Self.ct, affectedSOPInstanceUID: "1.2.3.5")
                .commandSet.encoded()
            // The storage tests' small data set, then (7FE0,0010) OW: 40,000 bytes of pixel data, Explicit VR LE.
            var dataSet = ByteBuffer(bytes: StorageWriterTests.dataSet(instance: "1.2.3.5"))
            dataSet.writeBytes([0xE0, 0x7F, 0x10, 0x00] + Array("OW".utf8) + [0, 0])
            dataSet.writeInteger(UInt32(40_000), endianness: .little)
            dataSet.writeBytes((0..<40_000).map { UInt8(truncatingIfNeeded: $0 &* 13) })
            try await client.send(.dataTF(PDataTF(values: [
                PresentationDataValue(presentationContextID: 1, messageControlHeader: .commandLast, fragment: command),
            ])))
            try await client.send(.dataTF(PDataTF(values: [
                PresentationDataValue(presentationContextID: 1, messageControlHeader: .dataMore, fragment: dataSet),
                PresentationDataValue(presentationContextID: 1, messageControlHeader: .dataLast, fragment: ByteBuffer()),
            ])))
            guard case .pdu(.dataTF(let answer)) = await client.receive(),
                  let fragment = answer.values.first?.fragment else {
                Issue.record("no C-STORE-RSP")
                return
            }
            #expect(try CommandSet(decoding: fragment).uint16(.status) == 0)
            let stored = try #require(await harness.waitFor { $0.stored != nil }?.stored)
            let path = try #require(stored.path)
            #expect(try StorageTests.dataSet(ofFile: path) == Data(dataSet.readableBytesView))
            let request = harness.events.compactMap(\.dimseMessage).first { $0.command == "C-STORE-RQ" }
            #expect(request?.bytes == dataSet.readableBytes)
            // (The minimal data set lacks Type 1 attributes: those findings are the data set's, not the PDVs'.)
            #expect(request?.findings?.contains { $0.code.hasPrefix("pdv.") } != true,
                    "\(String(describing: request?.findings))")
        }
    }

    @Test func shutdownDuringAStoreAbortsAfterTheGraceAndLeavesNoPartialFile() async throws {
        let work = NSTemporaryDirectory() + "assocmon-shutdown-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: work) }
        try await withEngine(configure: {
            $0.policy = .accept
            $0.noStore = false
            $0.storageDirectory = work
            $0.shutdownGrace = 0.3
        }) { harness in
            let client = try await SCUTestClient.connect(port: harness.port)
            let rq = SCUTestClient.associateRQ(contexts: [(1, Self.ct, [Self.implicitLE])])
            guard case .pdu(.associateAC) = try await client.associate(rq) else { Issue.record("no AC"); return }
            let command = CStoreRQ(messageID: 1, affectedSOPClassUID: Self.ct, affectedSOPInstanceUID: "1.2.3.4")
                .commandSet.encoded()
            try await client.send(.dataTF(PDataTF(values: [
                PresentationDataValue(presentationContextID: 1, messageControlHeader: .commandLast, fragment: command),
                PresentationDataValue(presentationContextID: 1, messageControlHeader: .dataMore,
                                      fragment: ByteBuffer(bytes: [UInt8](repeating: 7, count: 4096))),
            ])))
            _ = await harness.waitFor { $0.dimseMessage == nil && $0.accepted != nil }
            try await Task.sleep(for: .milliseconds(100))
            let started = ContinuousClock.now
            await harness.stop()
            #expect(ContinuousClock.now - started >= .milliseconds(250), "the store had its grace period")
            guard case .pdu(.abort(let abort)) = await client.receive() else { Issue.record("no A-ABORT"); return }
            #expect(abort.source == 0)
            #expect(harness.events.contains { $0.aborted?.by == .shutdown })
            let partial = (try? FileManager.default.contentsOfDirectory(atPath: work + "/.tmp")) ?? []
            #expect(partial.isEmpty)
            #expect(!FileManager.default.fileExists(atPath: work + "/SCUTEST/1.2.3.4.dcm"))
        }
    }
}
