@testable import AssociationEngine
import DICOMUpperLayer
import NIOCore
import Testing

/// PDUs cut from reads as TCP delivers them: whole, split at every byte, several to a read, and bad headers
/// refused as soon as they are seen (PS3.8 §9.3.1, D.1).
@Suite(.timeLimit(.minutes(1)))
struct InboundFramingTests {
    static let limits = PDULimits(maxDataTFLength: 1_024)

    /// A P-DATA-TF of `size` data bytes, an A-RELEASE-RQ and an A-ABORT, encoded.
    static func pdus(dataBytes size: Int = 300) throws -> [ByteBuffer] {
        let fragment = ByteBuffer(bytes: (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 7) })
        let pData = PDU.dataTF(PDataTF(values: [PresentationDataValue(
            presentationContextID: 1, messageControlHeader: MessageControlHeader(rawValue: 0x02), fragment: fragment)]))
        return try [pData, .releaseRQ(AReleaseRQ()), .abort(AAbort(source: 0))].map { pdu in
            var buffer = ByteBuffer()
            try pdu.encode(into: &buffer)
            return buffer
        }
    }

    /// Feeds `reads` in order and collects every frame's bytes and whether each read ended inside a PDU.
    static func frames(from reads: [ByteBuffer], plainPort: Bool = true) throws -> (raw: [ByteBuffer], inside: [Bool]) {
        var framing = InboundFraming(limits: limits, plainPort: plainPort)
        var raw: [ByteBuffer] = []
        var inside: [Bool] = []
        for var read in reads {
            loop: while true {
                switch try framing.next(from: &read, allocator: ByteBufferAllocator()) {
                case .frame(let frame): raw.append(frame.raw)
                case .dataPieces: Issue.record("pieces without streamsDataTF"); break loop
                case .wrongProtocol(let reason): Issue.record("wrong protocol: \(reason)"); break loop
                case .needMoreData(let insidePDU): inside.append(insidePDU); break loop
                }
            }
        }
        return (raw, inside)
    }

    @Test func severalPDUsInOneReadAreFramedInOrder() throws {
        let pdus = try Self.pdus()
        var read = ByteBuffer()
        for var pdu in pdus { read.writeBuffer(&pdu) }
        let result = try Self.frames(from: [read])
        #expect(result.raw == pdus)
        #expect(result.inside == [false])
    }

    @Test func everySplitIntoTwoReadsGivesTheSamePDUs() throws {
        let pdus = try Self.pdus()
        var all = ByteBuffer()
        for var pdu in pdus { all.writeBuffer(&pdu) }
        for split in 1..<all.readableBytes {
            let first = all.getSlice(at: 0, length: split)!
            let second = all.getSlice(at: split, length: all.readableBytes - split)!
            let result = try Self.frames(from: [first, second])
            #expect(result.raw == pdus, "split at \(split)")
            // The first read ends inside a PDU unless the split falls on a PDU boundary.
            let boundaries = pdus.reduce(into: [0]) { $0.append($0.last! + $1.readableBytes) }
            #expect(result.inside.first == !boundaries.contains(split), "split at \(split)")
        }
    }

    @Test func oneByteAtATimeGivesTheSamePDUs() throws {
        let pdus = try Self.pdus()
        var reads: [ByteBuffer] = []
        for pdu in pdus {
            for byte in pdu.readableBytesView { reads.append(ByteBuffer(bytes: [byte])) }
        }
        #expect(try Self.frames(from: reads).raw == pdus)
    }

    @Test func aPDUSpreadOverManyReadsIsReassembledWhole() throws {
        let pdus = try Self.pdus(dataBytes: 1_000)
        var all = ByteBuffer()
        for var pdu in pdus { all.writeBuffer(&pdu) }
        var reads: [ByteBuffer] = []
        while all.readableBytes > 0 { reads.append(all.readSlice(length: min(97, all.readableBytes))!) }
        #expect(try Self.frames(from: reads).raw == pdus)
    }

    /// With `streamsDataTF`, a P-DATA-TF that a read does not finish comes out in pieces as it arrives, and the
    /// PDUs after it are framed as before.
    @Test func aPDataTFCutByAReadIsStreamedInPieces() throws {
        let pdus = try Self.pdus(dataBytes: 300)
        var all = ByteBuffer()
        for var pdu in pdus { all.writeBuffer(&pdu) }
        let sent = Array(try PDataTF.decode(body: pdus[0].getSlice(at: 6, length: pdus[0].readableBytes - 6)!)
            .values[0].fragment.readableBytesView)
        for split in 1..<all.readableBytes {
            var framing = InboundFraming(limits: Self.limits, plainPort: true)
            framing.streamsDataTF = true
            var data: [UInt8] = []
            var others: [ByteBuffer] = []
            var pieces = 0
            for var read in [all.getSlice(at: 0, length: split)!, all.getSlice(at: split, length: all.readableBytes - split)!] {
                loop: while true {
                    switch try framing.next(from: &read, allocator: ByteBufferAllocator()) {
                    case .frame(let frame):
                        guard case .dataTF(let pData) = try frame.decode() else { others.append(frame.raw); continue }
                        data += pData.values.flatMap { $0.fragment.readableBytesView }
                    case .dataPieces(let pData):
                        pieces += 1
                        data += pData.values.flatMap { $0.fragment.readableBytesView }
                        #expect(pData.values.allSatisfy { $0.cut != .whole || $0.messageControlHeader.isLastFragment })
                    case .wrongProtocol(let reason): Issue.record("wrong protocol: \(reason)"); break loop
                    case .needMoreData: break loop
                    }
                }
            }
            #expect(data == sent, "split at \(split)")
            #expect(others == Array(pdus[1...]), "split at \(split)")
            // Streamed when the read holds the P-DATA-TF's header but not all of it; a P-DATA-TF whose header
            // itself is cut is gathered as before.
            #expect((pieces > 0) == (6...pdus[0].readableBytes - 1).contains(split), "split at \(split)")
        }
    }

    @Test func aLengthOverOurMaximumIsRefusedFromItsHeaderAlone() throws {
        // P-DATA-TF declaring 4,096 bytes against a 1,024-byte maximum: refused before the body arrives.
        var framing = InboundFraming(limits: Self.limits, plainPort: true)
        var read = ByteBuffer(bytes: [0x04, 0x00, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00])
        #expect(throws: UpperLayerError.self) {
            _ = try framing.next(from: &read, allocator: ByteBufferAllocator())
        }
        // The same header split after its third byte: refused once the length is complete.
        var split = InboundFraming(limits: Self.limits, plainPort: true)
        var first = ByteBuffer(bytes: [0x04, 0x00, 0x00])
        var second = ByteBuffer(bytes: [0x00, 0x10, 0x00, 0x00])
        guard case .needMoreData(insidePDU: true) = try split.next(from: &first, allocator: ByteBufferAllocator()) else {
            Issue.record("three header bytes are not yet a PDU")
            return
        }
        #expect(throws: UpperLayerError.self) {
            _ = try split.next(from: &second, allocator: ByteBufferAllocator())
        }
    }

    @Test func anUnknownPDUTypeIsRefused() {
        var framing = InboundFraming(limits: Self.limits, plainPort: false)
        var read = ByteBuffer(bytes: [0x09, 0x00, 0x00, 0x00, 0x00, 0x04, 0, 0, 0, 0])
        #expect(throws: UpperLayerError.self) {
            _ = try framing.next(from: &read, allocator: ByteBufferAllocator())
        }
    }

    @Test func aTLSClientHelloOnThePlainPortIsRecognized() throws {
        var framing = InboundFraming(limits: Self.limits, plainPort: true)
        var read = ByteBuffer(bytes: [0x16, 0x03, 0x01, 0x00, 0x10])
        guard case .wrongProtocol = try framing.next(from: &read, allocator: ByteBufferAllocator()) else {
            Issue.record("a TLS record on the plain port is not a PDU")
            return
        }
    }
}
