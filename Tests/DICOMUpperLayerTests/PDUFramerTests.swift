import NIOCore
import Testing
@testable import DICOMUpperLayer

/// Every PDU type fed whole, byte by byte, and several per buffer (the NIO `ByteToMessageDecoderVerifier` idea).
@Suite struct PDUFramerTests {
    /// One of each of the seven PDU types, from the goldens.
    static let oneOfEach: [GoldenFixture] = [.pynetdicomRQ, .pynetdicomSCPAC, .storescpRJ, .storescuPDataDataset,
                                             .echoscuReleaseRQ, .storescpReleaseRP, .echoscuAbort]

    static func drain(_ framer: inout PDUFramer, _ buffer: inout ByteBuffer) throws -> [PDU] {
        var out: [PDU] = []
        while let pdu = try framer.nextPDU(from: &buffer) { out.append(pdu) }
        return out
    }

    @Test func coversAllSevenTypes() throws {
        let types = try Self.oneOfEach.map { try $0.bytes[0] }
        #expect(Set(types) == Set(PDUType.allCases.map(\.rawValue)))
    }

    @Test(arguments: GoldenFixture.allCases)
    func wholeAndByteByByte(_ fixture: GoldenFixture) throws {
        let bytes = try fixture.bytes
        let expected = try PDU.decode(bytes: ByteBuffer(bytes: bytes))

        var framer = PDUFramer(limits: PDULimits(maxDataTFLength: 16384))
        var whole = ByteBuffer(bytes: bytes)
        #expect(try Self.drain(&framer, &whole) == [expected])
        #expect(whole.readableBytes == 0)

        var framer2 = PDUFramer(limits: PDULimits(maxDataTFLength: 16384))
        var stream = ByteBuffer()
        var got: [PDU] = []
        for (i, byte) in bytes.enumerated() {
            stream.writeInteger(byte)
            let out = try Self.drain(&framer2, &stream)
            if i < bytes.count - 1 { #expect(out.isEmpty, "PDU emitted early at byte \(i)") }
            got += out
        }
        #expect(got == [expected])
        #expect(stream.readableBytes == 0)
    }

    @Test func severalPerBufferAndOddChunks() throws {
        let all = try Self.oneOfEach.map { try $0.bytes }
        let expected = try all.map { try PDU.decode(bytes: ByteBuffer(bytes: $0)) }
        let joined = all.flatMap { $0 }

        var framer = PDUFramer()
        var buffer = ByteBuffer(bytes: joined)
        #expect(try Self.drain(&framer, &buffer) == expected)

        for chunk in [2, 3, 7, 64, 1000] {
            var framer = PDUFramer()
            var stream = ByteBuffer()
            var got: [PDU] = []
            var index = 0
            while index < joined.count {
                let end = min(index + chunk, joined.count)
                stream.writeBytes(joined[index..<end])
                index = end
                got += try Self.drain(&framer, &stream)
            }
            #expect(got == expected, "chunk size \(chunk)")
        }
    }

    @Test func framesKeepTheRawBytesOfEachPDU() throws {
        let rq = try GoldenFixture.pynetdicomRQ.bytes
        let framer = PDUFramer()
        var buffer = ByteBuffer(bytes: rq + (try GoldenFixture.pynetdicomReleaseRQ.bytes))
        let first = try #require(try framer.nextFrame(from: &buffer))
        #expect(Array(first.raw.readableBytesView) == rq)

        var frameBuffer = ByteBuffer(bytes: rq)
        let frame = try #require(try framer.nextFrame(from: &frameBuffer))
        #expect(frame.type == .associateRQ)
        #expect(Array(frame.raw.readableBytesView) == rq)
        #expect(Array(frame.body.readableBytesView) == Array(rq.dropFirst(6)))
    }

    /// A 6-byte header declaring 2 GiB throws at once: nothing waits for, or reserves room for, the body.
    @Test(arguments: [PDUType.associateRQ, .associateAC, .dataTF])
    func limitCheckedFromHeaderAlone(_ type: PDUType) throws {
        var header = ByteBuffer(bytes: [type.rawValue, 0, 0x80, 0, 0, 0])
        let capacity = header.capacity
        let framer = PDUFramer()
        let e = #expect(throws: UpperLayerError.self) { _ = try framer.nextPDU(from: &header) }
        #expect(e?.kind == .lengthLimitExceeded)
        #expect(e?.field == "PDU-length")
        #expect(e?.offset == 2)
        #expect(e?.abortSource == 2 && e?.abortReason == 6)
        #expect(header.readableBytes == 6)
        #expect(header.capacity == capacity)
    }

    @Test func dataTFLimitIsOurMaximumLength() throws {
        let framer = PDUFramer(limits: PDULimits(maxDataTFLength: 4096))
        var ok = ByteBuffer(bytes: [4, 0, 0, 0, 0x10, 0x00])
        #expect(try framer.nextPDU(from: &ok) == nil)  // exactly 4096: waits for the body
        var tooBig = ByteBuffer(bytes: [4, 0, 0, 0, 0x10, 0x01])
        #expect(throws: UpperLayerError.self) { _ = try framer.nextPDU(from: &tooBig) }
    }

    @Test(arguments: [PDUType.associateRJ, .releaseRQ, .releaseRP, .abort])
    func fixedLengthPDUsMustBeFour(_ type: PDUType) throws {
        for length: UInt8 in [0, 3, 5, 255] {
            var buffer = ByteBuffer(bytes: [type.rawValue, 0, 0, 0, 0, length])
            let framer = PDUFramer()
            let e = #expect(throws: UpperLayerError.self) { _ = try framer.nextPDU(from: &buffer) }
            #expect(e?.kind == .invalidParameterValue && e?.abortReason == 6)
        }
    }

    @Test func unknownTypeThrowsOnFirstByte() throws {
        for type: UInt8 in [0x00, 0x08, 0x10, 0xFF] {
            var buffer = ByteBuffer(bytes: [type])
            let framer = PDUFramer()
            let e = #expect(throws: UpperLayerError.self) { _ = try framer.nextPDU(from: &buffer) }
            #expect(e?.kind == .unrecognizedPDU && e?.abortReason == 1)
            #expect(e?.pdu == nil && e?.pduTypeCode == type)
        }
    }

    @Test func incompleteHeaderWaits() throws {
        let framer = PDUFramer()
        for prefix in 0..<6 {
            var buffer = ByteBuffer(bytes: Array([UInt8(1), 0, 0, 0, 0, 0xCD].prefix(prefix)))
            #expect(try framer.nextPDU(from: &buffer) == nil)
            #expect(buffer.readableBytes == prefix)
        }
    }
}

extension PDUFramerTests {
    /// PDV fragments point into the received bytes (PS3.8 Annex E): no per-byte copy.
    @Test func fragmentsAreSlicesOfTheInput() throws {
        var buffer = try GoldenFixture.storescuPDataDataset.buffer
        let inputRange = buffer.withUnsafeReadableBytes { UInt(bitPattern: $0.baseAddress) ..< UInt(bitPattern: $0.baseAddress) + UInt($0.count) }
        let framer = PDUFramer()
        guard case .dataTF(let data) = try framer.nextPDU(from: &buffer) else {
            Issue.record("not P-DATA-TF"); return
        }
        let fragment = try #require(data.values.first?.fragment)
        let start = fragment.withUnsafeReadableBytes { UInt(bitPattern: $0.baseAddress) }
        #expect(inputRange.contains(start))
        #expect(start - inputRange.lowerBound == 12)  // 6-byte PDU header + 6-byte PDV header
    }
}
