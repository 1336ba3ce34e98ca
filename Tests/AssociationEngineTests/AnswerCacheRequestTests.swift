@testable import AssociationEngine
import DICOMUpperLayer
import NIOCore
import SCUTestClient
import Testing

/// An A-ASSOCIATE-RQ seen before, byte for byte, is decoded once; one with a passcode is never kept.
@Suite(.timeLimit(.minutes(1)))
struct AnswerCacheRequestTests {
    static func encoded(_ rq: AAssociateRQ) throws -> ByteBuffer {
        var buffer = ByteBuffer()
        try PDU.associateRQ(rq).encode(into: &buffer)
        return buffer
    }

    static func decode(_ raw: ByteBuffer, counting decodes: inout Int) throws(UpperLayerError) -> AAssociateRQ {
        decodes += 1
        guard case .associateRQ(let rq) = try PDU.decode(type: 0x01, body: raw.getSlice(at: raw.readerIndex + 6,
                                                                                            length: raw.readableBytes - 6)!)
        else { throw UpperLayerError(kind: .unexpectedPDU, pduTypeCode: 1, field: "", offset: 0, message: "") }
        return rq
    }

    @Test func aRequestSeenBeforeIsDecodedOnceAndEqualsItsDecoding() throws {
        let cache = AnswerCache()
        let rq = SCUTestClient.associateRQ(calling: "MODALITY", called: "PACS")
        let raw = try Self.encoded(rq)
        var decodes = 0
        // Received as a slice of a longer read: only the PDU's own bytes are the key.
        var read = ByteBuffer(bytes: [0xFF])
        read.writeImmutableBuffer(raw)
        read.writeBytes([0x05, 0x00])
        let slice = read.getSlice(at: 1, length: raw.readableBytes)!
        let first = try cache.request(for: slice) { () throws(UpperLayerError) in try Self.decode(raw, counting: &decodes) }
        let second = try cache.request(for: raw) { () throws(UpperLayerError) in try Self.decode(raw, counting: &decodes) }
        #expect(decodes == 1)
        #expect(first == rq && second == rq)
        let other = try Self.encoded(SCUTestClient.associateRQ(calling: "OTHER", called: "PACS"))
        _ = try cache.request(for: other) { () throws(UpperLayerError) in try Self.decode(other, counting: &decodes) }
        #expect(decodes == 2)
    }

    @Test func aRequestWithUserIdentityIsNeverKept() throws {
        let cache = AnswerCache()
        var rq = SCUTestClient.associateRQ()
        rq.userInformation.userIdentityRQ = UserIdentityNegotiationRQ(username: "user", passcode: "secret")
        let raw = try Self.encoded(rq)
        var decodes = 0
        for _ in 0..<2 {
            _ = try cache.request(for: raw) { () throws(UpperLayerError) in try Self.decode(raw, counting: &decodes) }
        }
        #expect(decodes == 2)
        #expect(cache.count == 0)
    }

    @Test func aBadRequestThrowsAndTheCacheStaysBounded() throws {
        let cache = AnswerCache()
        #expect(throws: UpperLayerError.self) {
            try cache.request(for: ByteBuffer(bytes: [1, 0, 0, 0, 0, 2, 0, 0])) { () throws(UpperLayerError) in
                throw UpperLayerError(kind: .invalidParameterValue, pduTypeCode: 1, field: "x", offset: 6, message: "bad")
            }
        }
        #expect(cache.count == 0)
        var decodes = 0
        for index in 0..<(AnswerCache.capacity + 10) {
            let raw = try Self.encoded(SCUTestClient.associateRQ(calling: "M\(index)"))
            _ = try cache.request(for: raw) { () throws(UpperLayerError) in try Self.decode(raw, counting: &decodes) }
        }
        #expect(cache.count <= AnswerCache.capacity)
    }
}
