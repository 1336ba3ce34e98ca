import Foundation
import NIOCore
import TestSupport
import Testing
@testable import DICOMUpperLayer

/// Any byte sequence yields a PDU or a typed error, never a trap, and never more than the input's worth of data.
@Suite struct RobustnessTests {
    /// Decodes `bytes` through the framer; checks the invariants that hold for any input.
    static func check(_ bytes: [UInt8], limits: PDULimits = .unlimited, reencode: Bool = true,
                      sourceLocation: SourceLocation = #_sourceLocation) {
        let framer = PDUFramer(limits: limits)
        var buffer = ByteBuffer(bytes: bytes)
        do throws(UpperLayerError) {
            while let pdu = try framer.nextPDU(from: &buffer) {
                guard reencode else { continue }
                checkDecoded(pdu, inputSize: bytes.count, sourceLocation: sourceLocation)
            }
        } catch {
            // Typed throws: `error` is an UpperLayerError. Its offset lies inside what was received.
            if let offset = error.offset {
                #expect(offset >= 0 && offset <= bytes.count, "\(error)", sourceLocation: sourceLocation)
            }
            #expect(error.abortSource == 2, sourceLocation: sourceLocation)
            #expect([1, 2, 4, 5, 6].contains(error.abortReason), sourceLocation: sourceLocation)
            #expect(!error.description.isEmpty, sourceLocation: sourceLocation)
        }
    }

    /// A decoded PDU re-encodes (unchecked) to no more bytes than were received and decodes to the same value.
    static func checkDecoded(_ pdu: PDU, inputSize: Int, sourceLocation: SourceLocation) {
        do {
            let again = try pdu.encodedBytes(mode: .unchecked)
            #expect(again.count <= inputSize, sourceLocation: sourceLocation)
            let redecoded = try PDU.decode(bytes: ByteBuffer(bytes: again))
            #expect(redecoded.withoutFindings == pdu.withoutFindings, sourceLocation: sourceLocation)
        } catch {
            Issue.record("decoded PDU did not survive unchecked re-encoding: \(error)", sourceLocation: sourceLocation)
        }
        _ = try? pdu.encodedBytes(mode: .strict)  // value or typed error; must not trap
    }

    /// Every truncation of every golden up to 1 KiB; the three larger ones (128 contexts, storescu's 64-context RQ
    /// and storescp's AC, made of identical repeating items) at every length of their first KiB and every 61st
    /// after, which keeps a debug-build run to seconds (a 12 KiB RQ takes ~10 ms to decode unoptimised).
    @Test(arguments: GoldenFixture.allCases)
    func everyTruncation(_ fixture: GoldenFixture) throws {
        let bytes = try fixture.bytes
        let lengths = Array(0..<min(bytes.count, 1024)) + Array(stride(from: 1024, to: bytes.count, by: 61))
        for length in lengths {
            // As a stream: an incomplete PDU is never emitted.
            let framer = PDUFramer(limits: .unlimited)
            var buffer = ByteBuffer(bytes: bytes[..<length])
            let result = Result { () throws(UpperLayerError) in try framer.nextPDU(from: &buffer) }
            if case .success(let pdu) = result { #expect(pdu == nil, "emitted from \(length) bytes") }

            // As a PDU whose header length agrees with the truncated body.
            guard length >= 6 else { continue }
            var patched = Array(bytes[..<length])
            let bodyLength = UInt32(length - 6)
            patched[2] = UInt8(bodyLength >> 24)
            patched[3] = UInt8((bodyLength >> 16) & 0xFF)
            patched[4] = UInt8((bodyLength >> 8) & 0xFF)
            patched[5] = UInt8(bodyLength & 0xFF)
            Self.check(patched, reencode: false)
        }
    }

    @Test(arguments: GoldenFixture.allCases)
    func seededRandomMutations(_ fixture: GoldenFixture) throws {
        let original = try fixture.bytes
        var rng = SplitMix64(seed: 0xA550C_0000 &+ UInt64(original.count))
        let rounds = original.count > 4000 ? 25 : original.count > 1000 ? 60 : 300
        for _ in 0..<rounds {
            var bytes = original
            let edits = Int.random(in: 1...4, using: &rng)
            for _ in 0..<edits {
                let index = Int.random(in: 0..<bytes.count, using: &rng)
                switch Int.random(in: 0..<6, using: &rng) {
                case 0: bytes[index] ^= UInt8(1 << Int.random(in: 0..<8, using: &rng))
                case 1: bytes[index] = UInt8.random(in: 0...255, using: &rng)
                case 2: bytes[index] = [0x00, 0xFF, 0x7F, 0x80][Int.random(in: 0..<4, using: &rng)]
                case 3: bytes.insert(UInt8.random(in: 0...255, using: &rng), at: index)
                case 4: if bytes.count > 1 { bytes.remove(at: index) }
                default:
                    // Hit a length field: 16-bit item lengths are everywhere in association PDUs.
                    if index + 1 < bytes.count {
                        bytes[index] = UInt8.random(in: 0...255, using: &rng)
                        bytes[index + 1] = UInt8.random(in: 0...255, using: &rng)
                    }
                }
            }
            if Bool.random(using: &rng), bytes.count >= 6 {
                // Keep the header consistent half the time so the body parsers get exercised.
                let bodyLength = UInt32(bytes.count - 6)
                bytes.replaceSubrange(2..<6, with: [UInt8(bodyLength >> 24), UInt8((bodyLength >> 16) & 0xFF),
                                                    UInt8((bodyLength >> 8) & 0xFF), UInt8(bodyLength & 0xFF)])
            }
            Self.check(bytes)
            Self.check(bytes, limits: PDULimits(maxAssociateRQLength: 4096, maxDataTFLength: 256, maxOtherLength: 4096))
        }
    }

    /// Inputs the libFuzzer targets (Fuzz/) found, kept under Fixtures/fuzz.
    static func fuzzInput(_ name: String) throws -> [UInt8] {
        guard let url = Bundle.module.url(forResource: name, withExtension: "bin", subdirectory: "Fixtures/fuzz")
        else { throw GoldenFixture.FixtureMissing(name: name) }
        return Array(try Data(contentsOf: url))
    }

    /// pynetdicom's RQ whose first presentation context lost its abstract syntax sub-item (0x30 turned 0x40): the
    /// decoded context has an empty abstract syntax (a finding), and unchecked encoding used to write it back as an
    /// empty 0x30 sub-item, 4 bytes more than received. It now re-encodes byte for byte.
    @Test func presentationContextWithoutAbstractSyntaxReencodesAsReceived() throws {
        let bytes = try Self.fuzzInput("associate-rq-without-abstract-syntax")
        let pdu = try PDU.decode(bytes: ByteBuffer(bytes: bytes))
        guard case .associateRQ(let rq) = pdu else {
            Issue.record("not an A-ASSOCIATE-RQ: \(pdu)")
            return
        }
        #expect(rq.presentationContexts.first?.abstractSyntax == "")
        #expect(rq.findings.contains { $0.code == ConformanceFinding.Code.abstractSyntaxMissing.rawValue })
        #expect(try pdu.encodedBytes(mode: .unchecked) == bytes)
        #expect(throws: UpperLayerError.self) { try pdu.encodedBytes(mode: .strict) }
        Self.check(bytes)
    }

    @Test func randomGarbage() {
        var rng = SplitMix64(seed: 42)
        for _ in 0..<2000 {
            let count = Int.random(in: 0..<300, using: &rng)
            var bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &rng) }
            if !bytes.isEmpty { bytes[0] = UInt8.random(in: 1...7, using: &rng) }
            if bytes.count >= 6 { bytes[2] = 0; bytes[3] = 0 }
            Self.check(bytes)
        }
    }
}

extension PDU {
    /// The same PDU with decode-time findings removed, for value comparisons across re-encoding.
    var withoutFindings: PDU {
        switch self {
        case .associateRQ(var rq):
            rq.findings = []
            return .associateRQ(rq)
        case .associateAC(var ac):
            ac.findings = []
            return .associateAC(ac)
        default:
            return self
        }
    }
}
