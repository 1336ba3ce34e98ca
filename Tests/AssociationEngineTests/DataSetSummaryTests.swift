import AssociationEngine
import AssociationEvents
import DICOMUpperLayer
import Foundation
import NIOCore
import SCUTestClient
import TestSupport
import Testing

/// The `dimse` event of a received C-STORE-RQ carries who and what its data set holds, read from the stream
/// (PS3.4 B.2.3), and findings comparing it with the command and the negotiated transfer syntax.
@Suite(.timeLimit(.minutes(2)))
struct DataSetSummaryTests {
    static func pydicomFile(_ name: String, charset: Bool = false) async throws -> String {
        let outcome = try await Subprocess.run("/usr/bin/env", ["python3", "-c",
            "import pydicom, os; print(os.path.dirname(pydicom.__file__))"])
        try #require(outcome.status == 0, "pydicom is not installed")
        let root = outcome.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        return "\(root)/data/\(charset ? "charset_files" : "test_files")/\(name)"
    }

    static func storedRequest(_ file: String, options: [String] = []) async throws -> DIMSEMessage {
        return try await withEngine(configure: { $0.policy = .accept }) { harness in
            let outcome = try await Subprocess.run("/usr/bin/storescu", options + [
                "-aet", "STORESCU", "-aec", "ASSOCMON", "127.0.0.1", "\(harness.port)", file,
            ])
            #expect(outcome.status == 0, "\(outcome.stderr)")
            let event = await harness.waitFor { $0.dimseMessage?.command == "C-STORE-RQ" }
            return try #require(event?.dimseMessage)
        }
    }

    /// DCMTK storescu sends pydicom's CT_small.dcm: the patient, the study and the image are on the event.
    @Test func storescuOfACTShowsThePatientAndTheStudy() async throws {
        let request = try await Self.storedRequest(try await Self.pydicomFile("CT_small.dcm"))
        let dataSet = try #require(request.dataSet)
        #expect(dataSet.read == "pixel-data")
        #expect(dataSet.patientID == "1CT1")
        #expect(dataSet.patientName == "CompressedSamples^CT1")
        #expect(dataSet.studyDate == "20040119")
        #expect(dataSet.studyDescription == "e+1")
        #expect(dataSet.modality == "CT")
        #expect(dataSet.seriesNumber == "1")
        #expect(dataSet.instanceNumber == "1")
        #expect(dataSet.rows == 128)
        #expect(dataSet.columns == 128)
        #expect(dataSet.sopClassUID == "1.2.840.10008.5.1.4.1.1.2")
        #expect(dataSet.sopInstanceUID == request.affectedSOPInstanceUID)
        #expect(dataSet.bytesRead < 32 * 1024, "the 32 KiB of pixel data are not read")
        #expect((request.findings ?? []).filter { $0.code.hasPrefix("data-set-") }.isEmpty)
    }

    /// storescu proposing only Deflated Explicit VR Little Endian (`-xd`) deflates the CT on the fly: the reader
    /// inflates the fragments as they arrive.
    @Test func storescuDeflatedIsInflatedAsItStreams() async throws {
        let request = try await Self.storedRequest(try await Self.pydicomFile("CT_small.dcm"), options: ["-xd"])
        let dataSet = try #require(request.dataSet)
        #expect(dataSet.transferSyntax == "Deflated Explicit VR Little Endian")
        #expect(dataSet.read == "pixel-data")
        #expect(dataSet.patientName == "CompressedSamples^CT1")
        #expect(dataSet.rows == 128)
        #expect((request.findings ?? []).filter { $0.code.hasPrefix("data-set-") }.isEmpty)
    }

    /// A Korean name in ISO 2022 IR 149 (pydicom's chrI2.dcm) arrives decoded.
    @Test func storescuOfAKoreanNameDecodesIt() async throws {
        let request = try await Self.storedRequest(try await Self.pydicomFile("chrI2.dcm", charset: true))
        let dataSet = try #require(request.dataSet)
        #expect(dataSet.specificCharacterSet == "\\ISO 2022 IR 149")
        #expect(dataSet.patientName == "Hong^Gildong=洪^吉洞=홍^길동")
    }

    /// A Group Length that is not its group's length, Patient's Name sent as LO (PS3.6 says PN) and an odd value
    /// length, on an Explicit VR Little Endian context: each is a finding on the `dimse` event, and the values are
    /// still shown.
    @Test func headerFindingsReachTheDimseEvent() async throws {
        try await withEngine(configure: { $0.policy = .accept }) { harness in
            let ct = "1.2.840.10008.5.1.4.1.1.2"
            let client = try await SCUTestClient.connect(port: harness.port)
            let rq = SCUTestClient.associateRQ(contexts: [(1, ct, ["1.2.840.10008.1.2.1"])])
            guard case .pdu(.associateAC) = try await client.associate(rq) else { Issue.record("no AC"); return }
            func element(_ group: UInt16, _ element: UInt16, _ vr: String, _ value: [UInt8]) -> [UInt8] {
                [UInt8(group & 0xFF), UInt8(group >> 8), UInt8(element & 0xFF), UInt8(element >> 8)]
                    + Array(vr.utf8) + [UInt8(value.count & 0xFF), UInt8(value.count >> 8)] + value
            }
            func uid(_ text: String) -> [UInt8] { Array(text.utf8) + (text.utf8.count % 2 == 1 ? [0] : []) }
            let group8 = element(0x0008, 0x0016, "UI", uid(ct)) + element(0x0008, 0x0018, "UI", uid("1.2.3.4"))
                + element(0x0008, 0x0060, "CS", Array("CT".utf8))
            let dataSet = element(0x0008, 0x0000, "UL", [UInt8(group8.count + 2), 0, 0, 0]) + group8
                + element(0x0010, 0x0010, "LO", Array("Doe^Jane".utf8)) + element(0x0010, 0x0020, "LO", Array("PID".utf8))
                + element(0x0020, 0x000D, "UI", uid("1.2.3")) + element(0x0020, 0x000E, "UI", uid("1.2.3.1"))
            let command = CStoreRQ(messageID: 5, affectedSOPClassUID: ct, affectedSOPInstanceUID: "1.2.3.4")
            try await client.send(.dataTF(PDataTF(values: [
                PresentationDataValue(presentationContextID: 1, messageControlHeader: .commandLast,
                                      fragment: command.commandSet.encoded()),
                PresentationDataValue(presentationContextID: 1, messageControlHeader: .dataLast,
                                      fragment: ByteBuffer(bytes: dataSet)),
            ])))
            guard case .pdu(.dataTF) = await client.receive() else { Issue.record("no C-STORE-RSP"); return }
            let request = try #require(await harness.waitFor { $0.dimseMessage?.command == "C-STORE-RQ" }?.dimseMessage)
            let summary = try #require(request.dataSet)
            #expect(summary.read == "end")
            #expect(summary.patientName == "Doe^Jane")
            #expect(summary.patientID == "PID")
            // The data set's odd length also makes an odd PDV fragment (pdv.odd-fragment), the reassembler's finding.
            let dataSetFindings = (request.findings ?? []).filter { $0.code.hasPrefix("data-set-") }
            #expect(dataSetFindings.map(\.code)
                    == ["data-set-group-length", "data-set-vr-mismatch", "data-set-odd-value-length"])
            #expect(dataSetFindings.first?.message == "(0008,0000) Group Length is \(group8.count + 2) but group"
                    + " 0008 has \(group8.count) bytes (PS3.5 §7.2)")
            #expect(dataSetFindings.allSatisfy { $0.severity == "warning" })
            _ = try? await client.release()
        }
    }

    /// Explicit VR bytes on an Implicit VR Little Endian context, a SOP Instance UID that is not the command's,
    /// and no Study/Series Instance UID or Modality: each is a finding, and what could be read is still shown.
    @Test func aDataSetThatContradictsItsCommandIsShownWithFindings() async throws {
        try await withEngine(configure: { $0.policy = .accept }) { harness in
            let ct = "1.2.840.10008.5.1.4.1.1.2"
            let client = try await SCUTestClient.connect(port: harness.port)
            let rq = SCUTestClient.associateRQ(contexts: [(1, ct, ["1.2.840.10008.1.2"])])
            guard case .pdu(.associateAC) = try await client.associate(rq) else { Issue.record("no AC"); return }
            func element(_ group: UInt16, _ element: UInt16, _ vr: String, _ text: String) -> [UInt8] {
                var value = Array(text.utf8)
                if value.count % 2 == 1 { value.append(vr == "UI" ? 0 : 0x20) }
                return [UInt8(group & 0xFF), UInt8(group >> 8), UInt8(element & 0xFF), UInt8(element >> 8)]
                    + Array(vr.utf8) + [UInt8(value.count & 0xFF), UInt8(value.count >> 8)] + value
            }
            let dataSet = element(0x0008, 0x0016, "UI", ct) + element(0x0008, 0x0018, "UI", "1.2.3.5")
                + element(0x0010, 0x0010, "PN", "Doe^Jane") + element(0x0010, 0x0020, "LO", "PID-7")
            let command = CStoreRQ(messageID: 5, affectedSOPClassUID: ct, affectedSOPInstanceUID: "1.2.3.4")
            try await client.send(.dataTF(PDataTF(values: [
                PresentationDataValue(presentationContextID: 1, messageControlHeader: .commandLast,
                                      fragment: command.commandSet.encoded()),
                PresentationDataValue(presentationContextID: 1, messageControlHeader: .dataLast,
                                      fragment: ByteBuffer(bytes: dataSet)),
            ])))
            guard case .pdu(.dataTF) = await client.receive() else { Issue.record("no C-STORE-RSP"); return }
            let request = try #require(await harness.waitFor { $0.dimseMessage?.command == "C-STORE-RQ" }?.dimseMessage)
            let summary = try #require(request.dataSet)
            #expect(summary.read == "end")
            #expect(summary.transferSyntax == "Explicit VR Little Endian")
            #expect(summary.patientID == "PID-7")
            #expect(summary.patientName == "Doe^Jane")
            let codes = (request.findings ?? []).map(\.code)
            #expect(codes == ["data-set-transfer-syntax-mismatch", "data-set-sop-instance-mismatch",
                              "data-set-missing-type-1", "data-set-missing-type-1", "data-set-missing-type-1"])
            _ = try? await client.release()
        }
    }
}
