import AssociationEvents
import AssociationEngine
import DICOMUpperLayer
import Foundation
import NIOCore
import SCUTestClient
import TestSupport
import Testing

/// C-FIND-RQs no real peer sends — no identifier, a malformed identifier — get a failure response with an Error
/// Comment (PS3.4 C.4.1.1.4: 0xC000 unable to process), never silence or an abort.
@Suite(.timeLimit(.minutes(1)))
struct FindFailureLoopbackTests {
    static let studyRootFind = "1.2.840.10008.5.1.4.1.2.2.1"

    @Test(arguments: [
        // No identifier although Table 9.3-3 requires one.
        (UInt16(0x0101), [UInt8](), "without identifier"),
        // (0008,0052) CS declaring 200 bytes in a 14-byte identifier: truncated.
        (UInt16(0x0001), [0x08, 0x00, 0x52, 0x00, 0xC8, 0x00, 0x00, 0x00, 0x53, 0x54, 0x55, 0x44, 0x59, 0x20],
         "identifier not read"),
    ])
    func aFindThatCannotBeAnsweredFails(dataSetType: UInt16, identifier: [UInt8], comment: String) async throws {
        try await withEngine(configure: { $0.policy = .accept }) { harness in
            let client = try await SCUTestClient.connect(port: harness.port)
            let rq = SCUTestClient.associateRQ(contexts: [(1, Self.studyRootFind, ["1.2.840.10008.1.2"])])
            guard case .pdu(.associateAC) = try await client.associate(rq) else { Issue.record("no AC"); return }
            let find = CFindRQ(messageID: 3, affectedSOPClassUID: Self.studyRootFind, commandDataSetType: dataSetType)
            var values = [PresentationDataValue(presentationContextID: 1, messageControlHeader: .commandLast,
                                                fragment: find.commandSet.encoded())]
            if dataSetType != CommandSet.noDataSet {
                values.append(PresentationDataValue(presentationContextID: 1, messageControlHeader: .dataLast,
                                                    fragment: ByteBuffer(bytes: identifier)))
            }
            try await client.send(.dataTF(PDataTF(values: values)))
            guard case .pdu(.dataTF(let pData)) = await client.receive(timeout: .seconds(5)) else {
                Issue.record("no C-FIND-RSP"); return
            }
            let response = try DIMSECommand(decoding: pData.values[0].fragment)
            #expect(response.commandField == .cFindRSP)
            #expect(response.messageIDBeingRespondedTo == 3)
            #expect(response.status?.rawValue == 0xC000)
            #expect(response.errorComment?.contains(comment) == true, "\(response.errorComment ?? "")")
            guard case .pdu(.releaseRP) = try await client.release() else { Issue.record("no release"); return }
        }
    }
}
