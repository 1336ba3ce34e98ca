import DICOMUpperLayer
import NIOCore
import SCUTestClient
import Testing
@testable import AssociationEngine

@Suite struct PasscodeMaskTests {
    @Test func onlyTheSecondaryFieldIsMasked() throws {
        var rq = SCUTestClient.associateRQ()
        rq.userInformation.userIdentityRQ = UserIdentityNegotiationRQ(username: "alice", passcode: "hunter2",
                                                                      positiveResponseRequested: true)
        let raw = try PDU.associateRQ(rq).encoded()
        let masked = PasscodeMask.masked(raw)
        #expect(masked.readableBytes == raw.readableBytes)
        guard case .associateRQ(let decoded) = try PDU.decode(bytes: masked) else {
            Issue.record("not an A-ASSOCIATE-RQ"); return
        }
        let identity = try #require(decoded.userInformation.userIdentityRQ)
        #expect(identity.username == "alice")
        #expect(identity.secondaryField == Array("*******".utf8))
        #expect(decoded.presentationContexts == rq.presentationContexts)
    }

    @Test func truncatedItemsAreLeftAlone() {
        let bytes = ByteBuffer(bytes: [0x01, 0, 0, 0, 0, 0x50] + [UInt8](repeating: 0, count: 68) + [0x50, 0, 0xFF, 0xFF, 0x58])
        #expect(PasscodeMask.masked(bytes) == bytes)
    }
}
