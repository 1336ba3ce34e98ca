@testable import AssociationEngine
import AssociationEvents
import DICOMDataSet
import DICOMUpperLayer
import Foundation
import TestSupport
import Testing

/// What the `dimse` event of a storage commitment or MPPS request says (PS3.4 J.3, F.7), read from the data sets
/// pynetdicom encodes for those messages.
@Suite(.timeLimit(.minutes(1)))
struct MessageContentsTests {
    static func contents(_ kind: String, _ field: CommandField) async throws -> MessageContents {
        let outcome = try await Subprocess.run("/usr/bin/env", ["python3", PeerScripts.directory
                                                                + "/encode_dataset.py", kind])
        try #require(outcome.status == 0, "\(outcome.stderr)")
        let hex = Array(outcome.stdout.trimmingCharacters(in: .whitespacesAndNewlines).utf8)
        var bytes: [UInt8] = []
        var index = 0
        while index + 1 < hex.count {
            bytes.append(UInt8(String(decoding: hex[index...index + 1], as: UTF8.self), radix: 16) ?? 0)
            index += 2
        }
        var reader = DataSetReader(transferSyntax: .implicitVRLittleEndian)
        reader.append(bytes)
        reader.finish()
        var command = CommandSet()
        command.set(.commandField, uint16: field.rawValue)
        command.set(.messageID, uint16: 1)
        let (contents, whole, _) = MessageContents.read(reader, command: try DIMSECommand(commandSet: command))
        #expect(whole != nil)
        return contents
    }

    @Test func storageCommitmentRequestAndReport() async throws {
        let request = try await Self.contents("commitment-request", .nActionRQ)
        #expect(request.commitment == CommitmentSummary(transactionUID: "2.25.4711", referencedInstances: 3))
        let report = try await Self.contents("commitment-report", .nEventReportRQ)
        #expect(report.commitment == CommitmentSummary(transactionUID: "2.25.4711", referencedInstances: 2,
                                                       failedInstances: 1))
        #expect(report.identifier == nil && report.procedureStep == nil)
    }

    @Test func performedProcedureStepCreateAndSet() async throws {
        let create = try await Self.contents("mpps-create", .nCreateRQ)
        #expect(create.procedureStep == ProcedureStepSummary(
            status: "IN PROGRESS", stepID: "PPS1", stepDescription: "CT chest", startDate: "20261205",
            startTime: "170003", performedStationAETitle: "CT_SCANNER_01", modality: "CT", patientID: "P-7",
            patientName: "Müller^Jörg"))
        #expect(create.findings.isEmpty)
        let set = try await Self.contents("mpps-set", .nSetRQ)
        #expect(set.procedureStep == ProcedureStepSummary(status: "COMPLETED", endDate: "20261205", endTime: "171500"))
    }
}
