import NIOCore
import Testing
@testable import DICOMUpperLayer

/// Golden bytes from DCMTK and pynetdicom decode to the values those peers sent and re-encode identically.
@Suite struct GoldenPDUTests {
    @Test(arguments: GoldenFixture.allCases)
    func reencodesByteIdentical(_ fixture: GoldenFixture) throws {
        let bytes = try fixture.bytes
        let pdu = try PDU.decode(bytes: ByteBuffer(bytes: bytes))
        #expect(pdu.type.rawValue == bytes[0])
        #expect(try pdu.encodedBytes() == bytes, "strict re-encoding of \(fixture) differs")
        #expect(try pdu.encodedBytes(mode: .unchecked) == bytes)
    }

    @Test func dcmtkEchoscuRequest() throws {
        guard case .associateRQ(let rq) = try PDU.decode(bytes: GoldenFixture.echoscuRQ.buffer) else {
            Issue.record("not an A-ASSOCIATE-RQ"); return
        }
        #expect(rq.protocolVersion == 1)
        #expect(rq.calledAETitle == "ASSOCMON")
        #expect(rq.callingAETitle == "ECHOSCU")
        #expect(rq.applicationContextName == "1.2.840.10008.3.1.1.1")
        #expect(rq.presentationContexts == [PresentationContextRQItem(id: 1, abstractSyntax: "1.2.840.10008.1.1",
                                                                      transferSyntaxes: ["1.2.840.10008.1.2"])
                                                .with(reserved: [0, 0xFF, 0])])
        #expect(rq.userInformation.maximumLength == 16384)
        #expect(rq.userInformation.implementationClassUID?.hasPrefix("1.2.276.0.7230010.3") == true)
        #expect(rq.userInformation.implementationVersionName == "OFFIS_DCMTK_367")
        #expect(rq.userInformation.asynchronousOperationsWindow == nil)
        #expect(rq.findings.map(\.code) == ["pc-reserved-nonzero"])
        #expect(rq.findings.allSatisfy { $0.severity == .info })
    }

    @Test func dcmtkEchoscu128Contexts() throws {
        guard case .associateRQ(let rq) = try PDU.decode(bytes: GoldenFixture.echoscu128RQ.buffer) else {
            Issue.record("not an A-ASSOCIATE-RQ"); return
        }
        #expect(rq.presentationContexts.count == 128)
        #expect(rq.presentationContexts.map(\.id) == Array(stride(from: 1, through: 255, by: 2)).map { UInt8($0) })
        #expect(rq.presentationContexts.allSatisfy { $0.abstractSyntax == "1.2.840.10008.1.1" && $0.transferSyntaxes.count == 3 })
        #expect(!rq.findings.contains { $0.severity >= .warning })
    }

    @Test func dcmtkStorescuRequestAndData() throws {
        guard case .associateRQ(let rq) = try PDU.decode(bytes: GoldenFixture.storescuRQ.buffer) else {
            Issue.record("not an A-ASSOCIATE-RQ"); return
        }
        #expect(rq.callingAETitle == "STORESCU")
        #expect(rq.presentationContexts.count == 64)
        #expect(rq.presentationContexts.allSatisfy { $0.transferSyntaxes == ["1.2.840.10008.1.2"] })
        #expect(rq.presentationContexts.contains { $0.abstractSyntax == "1.2.840.10008.5.1.4.1.1.7" })

        guard case .dataTF(let command) = try PDU.decode(bytes: GoldenFixture.storescuPDataCommand.buffer),
              case .dataTF(let dataset) = try PDU.decode(bytes: GoldenFixture.storescuPDataDataset.buffer) else {
            Issue.record("not P-DATA-TF"); return
        }
        #expect(command.values.count == 1)
        #expect(command.values[0].messageControlHeader == .commandLast)
        #expect(command.values[0].fragment.readableBytes == 122)
        #expect(dataset.values.count == 1)
        #expect(dataset.values[0].messageControlHeader == .dataLast)
        #expect(dataset.values[0].presentationContextID == command.values[0].presentationContextID)
    }

    @Test func pynetdicomExtendedNegotiation() throws {
        guard case .associateRQ(let rq) = try PDU.decode(bytes: GoldenFixture.pynetdicomRQ.buffer) else {
            Issue.record("not an A-ASSOCIATE-RQ"); return
        }
        let info = rq.userInformation
        #expect(rq.callingAETitle == "PYNETDICOM")
        #expect(rq.presentationContexts.map(\.id) == [1, 3, 5])
        #expect(info.maximumLength == 16382)
        #expect(info.implementationClassUID?.hasPrefix("1.2.826.0.1.3680043.9.3811.") == true)
        #expect(info.implementationVersionName == "PYNETDICOM_304")
        #expect(info.roleSelections == [
            SCPSCURoleSelection(sopClassUID: "1.2.840.10008.5.1.4.1.1.2", scu: true, scp: true),
            SCPSCURoleSelection(sopClassUID: "1.2.840.10008.5.1.4.1.2.2.3", scu: false, scp: true),
        ])
        #expect(info.asynchronousOperationsWindow == AsynchronousOperationsWindow(invoked: 2, performed: 3))
        #expect(info.userIdentityRQ?.userIdentityType == UserIdentityNegotiationRQ.IdentityType.usernameAndPasscode)
        #expect(info.userIdentityRQ?.username == "operator")
        #expect(info.userIdentityRQ?.secondaryField == Array("s3cret".utf8))
        #expect(info.userIdentityRQ?.positiveResponseRequested == 1)
        #expect(info.userIdentityRQ.map { String(describing: $0).contains("s3cret") } == false)
        #expect(info.sopClassExtendedNegotiations == [
            SOPClassExtendedNegotiation(sopClassUID: "1.2.840.10008.5.1.4.1.2.2.1",
                                        serviceClassApplicationInformation: [1, 1, 1]),
        ])
        #expect(info.sopClassCommonExtendedNegotiations == [
            SOPClassCommonExtendedNegotiation(sopClassUID: "1.2.840.10008.5.1.4.1.1.2",
                                              serviceClassUID: "1.2.840.10008.4.2",
                                              relatedGeneralSOPClassUIDs: ["1.2.840.10008.5.1.4.1.1.2.1"]),
        ])
        // pynetdicom's wire order (0x55 before 0x54, 0x53 after them) is kept.
        #expect(info.subItems.map(\.itemType) == [0x51, 0x52, 0x55, 0x54, 0x54, 0x53, 0x58, 0x56, 0x57])
        #expect(rq.findings.isEmpty)
    }

    @Test func realAcceptorAnswers() throws {
        guard case .associateAC(let dcmtk) = try PDU.decode(bytes: GoldenFixture.storescpAC.buffer),
              case .associateAC(let pyn) = try PDU.decode(bytes: GoldenFixture.pynetdicomSCPAC.buffer),
              case .associateRJ(let rj) = try PDU.decode(bytes: GoldenFixture.storescpRJ.buffer),
              case .associateRQ(let storescuRQ) = try PDU.decode(bytes: GoldenFixture.storescuRQ.buffer)
        else { Issue.record("unexpected PDU types"); return }
        // storescp echoes the RQ's AE title fields in bytes 11–42 (PS3.8 Table 9-17).
        #expect(dcmtk.calledAETitleField == storescuRQ.calledAETitleField)
        #expect(dcmtk.callingAETitleField == storescuRQ.callingAETitleField)
        #expect(dcmtk.presentationContexts.count == 64)
        #expect(dcmtk.userInformation.implementationVersionName == "OFFIS_DCMTK_367")
        #expect(pyn.presentationContexts.map(\.result) == [.acceptance, .acceptance, .abstractSyntaxNotSupported])
        #expect(pyn.presentationContexts[0].transferSyntax == "1.2.840.10008.1.2")
        #expect(pyn.userInformation.roleSelections == [SCPSCURoleSelection(sopClassUID: "1.2.840.10008.5.1.4.1.1.2", scu: true, scp: true)])
        #expect(rj == AAssociateRJ(result: 1, source: 1, reason: 1))
    }

    @Test func releaseAndAbort() throws {
        #expect(try PDU.decode(bytes: GoldenFixture.echoscuReleaseRQ.buffer) == .releaseRQ(AReleaseRQ()))
        #expect(try PDU.decode(bytes: GoldenFixture.pynetdicomReleaseRQ.buffer) == .releaseRQ(AReleaseRQ()))
        #expect(try PDU.decode(bytes: GoldenFixture.storescpReleaseRP.buffer) == .releaseRP(AReleaseRP()))
        #expect(try PDU.decode(bytes: GoldenFixture.echoscuAbort.buffer) == .abort(AAbort(source: 0, reason: 0)))
        #expect(try PDU.decode(bytes: GoldenFixture.pynetdicomAbort.buffer) == .abort(.serviceUser))
    }
}

extension PresentationContextRQItem {
    func with(reserved: [UInt8]) -> Self {
        var copy = self
        copy.reservedBytes = reserved
        return copy
    }
}
