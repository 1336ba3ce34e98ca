import NIOCore
import Testing
@testable import DICOMUpperLayer

/// Strict on send (PS3.8 §9.3, PS3.7 Annex D.3.3), lenient path for the test client.
@Suite struct EncodingRulesTests {
    typealias F = AssociationFixtures

    /// Strict encoding refuses `pdu` with a typed error and leaves the buffer as it was.
    static func expectRefused(_ pdu: PDU, field: String, sourceLocation: SourceLocation = #_sourceLocation) {
        var buffer = ByteBuffer(bytes: [0xAA])
        let error = #expect(throws: UpperLayerError.self, sourceLocation: sourceLocation) {
            try pdu.encode(into: &buffer)
        }
        #expect(error?.kind == .invalidValueForEncoding, sourceLocation: sourceLocation)
        #expect(error?.field == field, sourceLocation: sourceLocation)
        #expect(error?.offset == nil, sourceLocation: sourceLocation)
        #expect(Array(buffer.readableBytesView) == [0xAA], sourceLocation: sourceLocation)
    }

    @Test func refusesInvalidRequests() {
        var rq = F.validRQ
        rq.calledAETitle = "SEVENTEEN_CHARS_X"
        Self.expectRefused(.associateRQ(rq), field: "Called-AE-title")
        rq = F.validRQ
        rq.callingAETitle = ""
        Self.expectRefused(.associateRQ(rq), field: "Calling-AE-title")
        rq = F.validRQ
        rq.callingAETitle = "   "
        Self.expectRefused(.associateRQ(rq), field: "Calling-AE-title")
        rq = F.validRQ
        rq.presentationContexts[0].abstractSyntax = "1." + String(repeating: "3", count: 63)
        Self.expectRefused(.associateRQ(rq), field: "Abstract-syntax-name")
        rq = F.validRQ
        rq.presentationContexts[1].transferSyntaxes[0] = "1.2.840.10008.1.2.1\0"
        Self.expectRefused(.associateRQ(rq), field: "Transfer-syntax-name")
        rq = F.validRQ
        rq.presentationContexts[1].id = 2
        Self.expectRefused(.associateRQ(rq), field: "Presentation-context-ID")
        rq = F.validRQ
        rq.presentationContexts[1].id = 0
        Self.expectRefused(.associateRQ(rq), field: "Presentation-context-ID")
        rq = F.validRQ
        rq.presentationContexts[1].id = 1
        Self.expectRefused(.associateRQ(rq), field: "Presentation-context-ID")
        rq = F.validRQ
        rq.presentationContexts[1].transferSyntaxes = []
        Self.expectRefused(.associateRQ(rq), field: "Transfer-syntax-sub-item")
        rq = F.validRQ
        rq.presentationContexts = []
        Self.expectRefused(.associateRQ(rq), field: "Presentation-context-item")
        rq = F.validRQ
        rq.userInformation.implementationVersionName = "SEVENTEEN_CHARS_X"
        Self.expectRefused(.associateRQ(rq), field: "Implementation-version-name")
        rq.userInformation.implementationVersionName = ""
        Self.expectRefused(.associateRQ(rq), field: "Implementation-version-name")
        rq = F.validRQ
        rq.userInformation.maximumLength = 0
        Self.expectRefused(.associateRQ(rq), field: "Maximum-length-received")
        rq = F.validRQ
        rq.userInformation.implementationClassUID = nil
        Self.expectRefused(.associateRQ(rq), field: "User-information-item")
        rq = F.validRQ
        rq.protocolVersion = 2
        Self.expectRefused(.associateRQ(rq), field: "Protocol-version")
        rq = F.validRQ
        rq.userInformation.roleSelections = [SCPSCURoleSelection(sopClassUID: F.ctImage, scuRole: 1, scpRole: 2)]
        Self.expectRefused(.associateRQ(rq), field: "SCU-role/SCP-role")
    }

    @Test func refusesInvalidAnswers() {
        var ac = F.validAC
        ac.presentationContexts[0].transferSyntax = nil
        Self.expectRefused(.associateAC(ac), field: "Transfer-syntax-sub-item")
        ac = F.validAC
        ac.presentationContexts[0].result = PresentationContextResult(rawValue: 5)
        Self.expectRefused(.associateAC(ac), field: "Result/Reason")
        ac = F.validAC
        ac.userInformation.maximumLength = 0
        Self.expectRefused(.associateAC(ac), field: "Maximum-length-received")
        ac = F.validAC
        ac.presentationContexts[0].id = 2
        Self.expectRefused(.associateAC(ac), field: "Presentation-context-ID")
        Self.expectRefused(.associateRJ(AAssociateRJ(result: 0, source: 1, reason: 1)), field: "Result/Source")
        Self.expectRefused(.abort(AAbort(source: 1, reason: 0)), field: "Source/Reason")
        Self.expectRefused(.dataTF(PDataTF(values: [])), field: "Presentation-data-value-item")
    }

    /// The test client can still send what strict mode refuses, and the codec reads it back.
    /// A peer's even context ID can be answered with a rejection rather than an abort (PS3.8 §9.3.2.2: odd integers 1–255).
    @Test func evenContextIDMayBeRejected() throws {
        var ac = F.validAC
        ac.presentationContexts[1].id = 4
        let bytes = try PDU.associateAC(ac).encodedBytes()
        #expect(try PDU.decode(bytes: ByteBuffer(bytes: bytes)) == .associateAC(ac))
    }

    @Test func summaries() throws {
        #expect(PDU.associateRQ(F.validRQ).description
            == "A-ASSOCIATE-RQ MODALITY → ASSOCMON, 2 presentation context(s), max length 16384")
        #expect(PDU.associateAC(F.validAC).description == "A-ASSOCIATE-AC, 1 of 2 presentation context(s) accepted")
        let data = try PDU.decode(bytes: GoldenFixture.echoscuPData.buffer)
        #expect(data.description == "P-DATA-TF [PC 1 command-last 68 B]")
        #expect(PDU.abort(AAbort(source: 2, reason: 1)).description
            == "A-ABORT service-provider, unrecognized-PDU (2/1)")
    }

    @Test func uncheckedSendsOddValues() throws {
        var rq = F.validRQ
        rq.presentationContexts[1].id = 2
        rq.userInformation.implementationVersionName = "A_VERY_LONG_VERSION_NAME"
        let decoded = try F.decodeRQ(try PDU.associateRQ(rq).encodedBytes(mode: .unchecked))
        #expect(decoded.presentationContexts.map(\.id) == [1, 2])
        #expect(decoded.userInformation.implementationVersionName == "A_VERY_LONG_VERSION_NAME")
        #expect(Set(decoded.findings.map(\.code)) == ["pc-id-even", "version-name-length"])

        rq.calledAETitle = "SEVENTEEN_CHARS_X"  // cannot be represented in a 16-byte field, even unchecked
        #expect(throws: UpperLayerError.self) { _ = try PDU.associateRQ(rq).encodedBytes(mode: .unchecked) }
    }

    /// UIDs go out unpadded even when odd-length (pynetdicom#240).
    @Test func uidsAreNeverPadded() throws {
        let bytes = try PDU.associateRQ(F.validRQ).encodedBytes()
        // Application context item at offset 74: type 0x10, reserved, length 21 ("1.2.840.10008.3.1.1.1").
        #expect(Array(bytes[74..<78]) == [0x10, 0, 0, 21])
        #expect(String(decoding: bytes[78..<99], as: UTF8.self) == "1.2.840.10008.3.1.1.1")
        // Verification abstract syntax, 17 characters: its sub-item length is 17.
        let needle = Array("1.2.840.10008.1.1".utf8)
        let index = try #require((0..<bytes.count - needle.count).first { Array(bytes[$0..<$0 + needle.count]) == needle })
        #expect(Array(bytes[index - 4..<index]) == [0x30, 0, 0, 17])
    }

    @Test func aeTitlesArePaddedWithSpaces() throws {
        let bytes = try PDU.associateRQ(F.validRQ).encodedBytes()
        #expect(Array(bytes[10..<26]) == Array("ASSOCMON        ".utf8))
        #expect(Array(bytes[26..<42]) == Array("MODALITY        ".utf8))
        #expect(bytes[42..<74].allSatisfy { $0 == 0 })
    }

    /// The AC echoes the RQ's bytes 11–74 unchanged, not swapped (PS3.8 Table 9-17; lamyj/odil#16).
    @Test func answerEchoesRequestFields() throws {
        var rq = F.validRQ
        rq.calledAETitleField = Array("ASSOCMON".utf8) + Array(repeating: 0, count: 8)
        rq.reservedField[0] = 7
        let ac = AAssociateAC(answering: rq, presentationContexts: F.validAC.presentationContexts,
                              userInformation: F.validAC.userInformation)
        let rqBytes = try PDU.associateRQ(rq).encodedBytes(mode: .unchecked)
        let acBytes = try PDU.associateAC(ac).encodedBytes()
        #expect(Array(acBytes[10..<74]) == Array(rqBytes[10..<74]))
        #expect(ac.calledAETitle == "ASSOCMON")
        #expect(ac.callingAETitle == "MODALITY")
    }

    /// A rejected context may come without a transfer syntax or with an empty one (fo-dicom#543, pynetdicom#342).
    @Test func rejectedContextWithoutTransferSyntax() throws {
        let ac = F.validAC
        let bytes = try PDU.associateAC(ac).encodedBytes()
        #expect(try PDU.decode(bytes: ByteBuffer(bytes: bytes)) == .associateAC(ac))

        var withEmpty = ac
        withEmpty.presentationContexts[1].transferSyntax = ""
        let emptyBytes = try PDU.associateAC(withEmpty).encodedBytes()
        guard case .associateAC(let decoded) = try PDU.decode(bytes: ByteBuffer(bytes: emptyBytes)) else {
            Issue.record("not an AC"); return
        }
        #expect(decoded.presentationContexts[1].transferSyntax == "")
        #expect(decoded.presentationContexts[1].result == .transferSyntaxesNotSupported)
        #expect(decoded.findings.isEmpty)
        #expect(try PDU.associateAC(decoded).encodedBytes() == emptyBytes)
    }

    @Test func userInformationSettersKeepWireOrder() {
        var info = UserInformation(subItems: [.implementationVersionName("X"), .maximumLength(1),
                                              .unknown(type: 0x70, reserved: 0, value: [])])
        info.maximumLength = 2
        info.implementationClassUID = "1.2"
        info.asynchronousOperationsWindow = .synchronous
        #expect(info.subItems == [.implementationVersionName("X"), .maximumLength(2), .implementationClassUID("1.2"),
                                  .asynchronousOperationsWindow(.synchronous),
                                  .unknown(type: 0x70, reserved: 0, value: [])])
        info.roleSelections = [SCPSCURoleSelection(sopClassUID: "1.2", scu: true, scp: false)]
        #expect(info.subItems.map(\.itemType) == [0x55, 0x51, 0x52, 0x53, 0x54, 0x70])
        info.maximumLength = nil
        #expect(info.maximumLength == nil)
        #expect(info.unknownSubItems.count == 1)
    }

    @Test func errorsSayWhatAndWhere() throws {
        var body = try GoldenFixture.echoscuRQ.bytes
        body[76] = 0xFF  // application context item length (offset 76–77) → runs past the PDU
        let error = #expect(throws: UpperLayerError.self) { _ = try PDU.decode(bytes: ByteBuffer(bytes: body)) }
        #expect(error?.pdu == .associateRQ)
        #expect(error?.kind == .invalidParameterValue)
        #expect(error?.abort == AAbort(source: 2, reason: 6))
        let text = error.map(String.init(describing:)) ?? ""
        #expect(text.contains("A-ASSOCIATE-RQ") && text.contains("offset") && text.contains("reason 6"))
    }

    @Test func fixedPDUsEncodeAsPS38Says() throws {
        #expect(try PDU.associateRJ(.calledAETitleNotRecognized).encodedBytes() == [3, 0, 0, 0, 0, 4, 0, 1, 1, 7])
        #expect(try PDU.abort(AAbort(source: 2, reason: 6)).encodedBytes() == [7, 0, 0, 0, 0, 4, 0, 0, 2, 6])
        #expect(try PDU.releaseRQ(AReleaseRQ()).encodedBytes() == [5, 0, 0, 0, 0, 4, 0, 0, 0, 0])
        #expect(try PDU.releaseRP(AReleaseRP()).encodedBytes() == [6, 0, 0, 0, 0, 4, 0, 0, 0, 0])
        let pdv = PresentationDataValue(presentationContextID: 1, messageControlHeader: .commandLast,
                                        fragment: ByteBuffer(bytes: [0xAB, 0xCD]))
        #expect(try PDU.dataTF(PDataTF(values: [pdv])).encodedBytes() == [4, 0, 0, 0, 0, 8, 0, 0, 0, 4, 1, 3, 0xAB, 0xCD])
        #expect(AAssociateRJ.localLimitExceeded.description.contains("local-limit-exceeded"))
    }
}
