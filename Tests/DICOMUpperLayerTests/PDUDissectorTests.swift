import NIOCore
import Testing
@testable import DICOMUpperLayer

/// The dissector on PDUs captured from DCMTK and pynetdicom: every field and item is found at its offset, agrees
/// with what the decoders read from the same bytes, and the entries cover every byte exactly once.
@Suite struct PDUDissectorTests {
    static let associateRQs: [GoldenFixture] = [.echoscuRQ, .echoscu128RQ, .storescuRQ, .pynetdicomRQ]
    static let associateACs: [GoldenFixture] = [.storescpAC, .pynetdicomSCPAC]

    /// Entries follow each other in wire order without gap or overlap, up to the last byte.
    static func expectTiling(_ items: [PDUDissector.Item], count: Int, _ name: String) {
        var next = 0
        for item in items {
            #expect(item.offset == next, "\(name): \(item.name) at \(item.offset), expected \(next)")
            #expect(item.length >= 0)
            next = item.offset + item.length
        }
        #expect(next == count, "\(name): the entries end at \(next) of \(count) bytes")
    }

    /// Each item entry starts with its own Item-type and Item-length (PS3.8 §9.3.2: type, reserved, 2-byte length).
    static func expectItemHeaders(_ items: [PDUDissector.Item], in bytes: [UInt8], _ name: String) {
        for item in items {
            guard case .item(let type, let itemLength) = item.kind else { continue }
            #expect(bytes[item.offset] == type, "\(name): type at \(item.offset)")
            #expect(Int(bytes[item.offset + 2]) << 8 | Int(bytes[item.offset + 3]) == itemLength)
        }
    }

    static func values(_ items: [PDUDissector.Item], type: UInt8) -> [PDUDissector.Item] {
        items.filter { if case .item(type, _) = $0.kind { true } else { false } }
    }

    @Test(arguments: associateRQs)
    func everyItemOfAnAssociateRQIsFoundWhereTheDecoderReadIt(fixture: GoldenFixture) throws {
        let bytes = try fixture.bytes
        guard case .associateRQ(let rq) = try PDU.decode(bytes: ByteBuffer(bytes: bytes)) else {
            Issue.record("\(fixture) is not an A-ASSOCIATE-RQ")
            return
        }
        let items = PDUDissector.items(bytes)
        Self.expectTiling(items, count: bytes.count, fixture.rawValue)
        Self.expectItemHeaders(items, in: bytes, fixture.rawValue)
        #expect(items.first == PDUDissector.Item(kind: .pduHeader(type: 0x01, pduLength: bytes.count - 6), offset: 0,
                                                 length: 6, depth: 0))
        #expect(items.contains(PDUDissector.Item(kind: .protocolVersion(rq.protocolVersion), offset: 6, length: 4,
                                                 depth: 0)))
        #expect(items.contains(PDUDissector.Item(kind: .calledAETitle(rq.calledAETitle), offset: 10, length: 16,
                                                 depth: 0)))
        #expect(items.contains(PDUDissector.Item(kind: .callingAETitle(rq.callingAETitle), offset: 26, length: 16,
                                                 depth: 0)))
        #expect(Self.values(items, type: 0x10).first?.offset == 74, "the first item follows the fixed fields")
        #expect(Self.values(items, type: 0x10).map(\.text) == [rq.applicationContextName])
        let contexts = Self.values(items, type: 0x20)
        #expect(contexts.map(\.presentationContextID) == rq.presentationContexts.map(\.id))
        #expect(contexts.allSatisfy { $0.length == 8 && $0.depth == 0 && !$0.isTruncated })
        #expect(Self.values(items, type: 0x30).map(\.text) == rq.presentationContexts.map(\.abstractSyntax))
        #expect(Self.values(items, type: 0x40).map(\.text) == rq.presentationContexts.flatMap(\.transferSyntaxes))
        #expect(Self.values(items, type: 0x30).allSatisfy { $0.depth == 1 })
        let info = try #require(Self.values(items, type: 0x50).first)
        #expect(info.length == 4 && info.offset + 4 + Self.itemLength(info) == bytes.count, "user information last")
        #expect(Self.values(items, type: 0x51).map(\.number) == [rq.userInformation.maximumLength.map(Int.init)])
        #expect(Self.values(items, type: 0x52).map(\.text) == [rq.userInformation.implementationClassUID])
        #expect(Self.values(items, type: 0x55).map(\.text)
            == (rq.userInformation.implementationVersionName.map { [$0] } ?? []))
        #expect(Self.values(items, type: 0x51).allSatisfy { $0.depth == 1 })
    }

    @Test(arguments: associateACs)
    func everyItemOfAnAssociateACIsFoundWhereTheDecoderReadIt(fixture: GoldenFixture) throws {
        let bytes = try fixture.bytes
        guard case .associateAC(let ac) = try PDU.decode(bytes: ByteBuffer(bytes: bytes)) else {
            Issue.record("\(fixture) is not an A-ASSOCIATE-AC")
            return
        }
        let items = PDUDissector.items(bytes)
        Self.expectTiling(items, count: bytes.count, fixture.rawValue)
        Self.expectItemHeaders(items, in: bytes, fixture.rawValue)
        #expect(items.first?.kind == .pduHeader(type: 0x02, pduLength: bytes.count - 6))
        let contexts = Self.values(items, type: 0x21)
        #expect(contexts.map(\.presentationContextID) == ac.presentationContexts.map(\.id))
        #expect(contexts.map(\.result) == ac.presentationContexts.map(\.result.rawValue))
        #expect(Self.values(items, type: 0x40).map(\.text) == ac.presentationContexts.compactMap(\.transferSyntax))
        #expect(Self.values(items, type: 0x51).map(\.number) == [ac.userInformation.maximumLength.map(Int.init)])
        #expect(Self.values(items, type: 0x52).map(\.text) == [ac.userInformation.implementationClassUID])
    }

    @Test(arguments: [GoldenFixture.echoscuPData, .echoscuReleaseRQ, .echoscuAbort, .storescpRJ, .storescpReleaseRP])
    func otherPDUsAreTheirHeaderAndOneBody(fixture: GoldenFixture) throws {
        let bytes = try fixture.bytes
        let items = PDUDissector.items(bytes)
        #expect(items.map(\.kind) == [.pduHeader(type: bytes[0], pduLength: bytes.count - 6), .body])
        Self.expectTiling(items, count: bytes.count, fixture.rawValue)
    }

    /// Cut at every length and with every byte set to 0x00 and to 0xFF, the dissector still accounts for every
    /// byte exactly once and never traps; items that ran past their container say so.
    @Test(arguments: [GoldenFixture.echoscuRQ, .pynetdicomRQ, .storescpAC])
    func damagedPDUsStillTile(fixture: GoldenFixture) throws {
        let bytes = try fixture.bytes
        // A cut between two items of the PDU's own level leaves whole items; any other cut past the fixed fields
        // lands inside an item, and fewer than 6 bytes are no PDU header.
        let boundaries = Set(PDUDissector.items(bytes).filter { $0.depth == 0 && $0.offset >= 74 }.map(\.offset))
        for length in 0...bytes.count {
            let cut = Array(bytes.prefix(length))
            let items = PDUDissector.items(cut)
            Self.expectTiling(items, count: cut.count, "\(fixture) cut at \(length)")
            let flagged = items.contains { $0.isTruncated || $0.kind == .truncated }
            #expect(flagged == (length < 6 || length > 74 && length < bytes.count && !boundaries.contains(length)),
                    "\(fixture) cut at \(length)")
        }
        for position in bytes.indices {
            for value: UInt8 in [0x00, 0xFF] {
                var damaged = bytes
                damaged[position] = value
                Self.expectTiling(PDUDissector.items(damaged), count: damaged.count, "\(fixture) [\(position)]=\(value)")
            }
        }
    }

    static func itemLength(_ item: PDUDissector.Item) -> Int {
        if case .item(_, let length) = item.kind { length } else { 0 }
    }
}
