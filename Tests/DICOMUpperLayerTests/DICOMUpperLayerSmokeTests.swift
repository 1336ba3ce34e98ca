import Testing
@testable import DICOMUpperLayer

@Suite struct PDUTypeTests {
    @Test func namesFollowPS38() {
        #expect(PDUType(rawValue: 0x01)?.description == "A-ASSOCIATE-RQ")
        #expect(PDUType(rawValue: 0x07)?.description == "A-ABORT")
        #expect(PDUType(rawValue: 0x08) == nil)
    }
}
