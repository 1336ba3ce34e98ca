import NIOCore
import TestSupport
import Testing
@testable import DICOMUpperLayer

@Suite struct CommandSetTests {
    /// C-ECHO-RQ, Message ID 1, built by hand from PS3.7 Table 9.3-12 and Annex E (Implicit VR LE: tag group,
    /// tag element, 32-bit length, value; UIDs NUL-padded to even length).
    static let handBuiltCEchoRQ: [UInt8] = [
        0x00, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x38, 0x00, 0x00, 0x00,  // (0000,0000) UL 56
        0x00, 0x00, 0x02, 0x00, 0x12, 0x00, 0x00, 0x00,  // (0000,0002) UI, 18 bytes
    ] + Array("1.2.840.10008.1.1".utf8) + [0x00] + [
        0x00, 0x00, 0x00, 0x01, 0x02, 0x00, 0x00, 0x00, 0x30, 0x00,  // (0000,0100) US 0x0030
        0x00, 0x00, 0x10, 0x01, 0x02, 0x00, 0x00, 0x00, 0x01, 0x00,  // (0000,0110) US 1
        0x00, 0x00, 0x00, 0x08, 0x02, 0x00, 0x00, 0x00, 0x01, 0x01,  // (0000,0800) US 0x0101
    ]

    @Test func encodesCEchoRQAsPS37Says() {
        let encoded = CEchoRQ(messageID: 1).commandSet.encoded()
        #expect(Array(encoded.readableBytesView) == Self.handBuiltCEchoRQ)
    }

    @Test func decodesHandBuiltCEchoRQ() throws {
        let set = try CommandSet(decoding: ByteBuffer(bytes: Self.handBuiltCEchoRQ))
        #expect(set.declaredGroupLength == 56)
        #expect(set.groupLengthMatches == true)
        #expect(set.elements.map(\.tag) == [.affectedSOPClassUID, .commandField, .messageID, .commandDataSetType])
        #expect(set.string(.affectedSOPClassUID) == "1.2.840.10008.1.1")
        #expect(try set.uint16(.commandField) == 0x0030)
    }

    @Test func unknownElementsAreKeptAndReencoded() throws {
        var set = CEchoRQ(messageID: 9).commandSet
        set.set(CommandTag(element: 0x4242), raw: [1, 2, 3, 4])
        let decoded = try CommandSet(decoding: set.encoded())
        #expect(decoded[CommandTag(element: 0x4242)] == [1, 2, 3, 4])
        #expect(Array(decoded.encoded().readableBytesView) == Array(set.encoded().readableBytesView))
    }

    @Test func oddValuesArePaddedOnEncodeAndReadTolerantly() throws {
        // A peer sends an odd-length UID without padding (a common bug); we read it, and pad when encoding.
        var raw: [UInt8] = [0x00, 0x00, 0x02, 0x00, 0x11, 0x00, 0x00, 0x00] + Array("1.2.840.10008.1.1".utf8)
        raw += [0x00, 0x00, 0x00, 0x01, 0x02, 0x00, 0x00, 0x00, 0x30, 0x00]
        let set = try CommandSet(decoding: ByteBuffer(bytes: raw))
        #expect(set.string(.affectedSOPClassUID) == "1.2.840.10008.1.1")
        #expect(set.declaredGroupLength == nil)
        #expect(set.groupLengthMatches == nil)
        let encoded = set.encoded()
        #expect(encoded.readableBytes % 2 == 0)
        let again = try CommandSet(decoding: encoded)
        #expect(again[.affectedSOPClassUID]?.count == 18)
        #expect(again.groupLengthMatches == true)
        // AE titles are space-padded, not NUL-padded.
        var aeSet = CommandSet()
        aeSet.set(.moveOriginatorApplicationEntityTitle, text: "ABC")
        #expect(aeSet[.moveOriginatorApplicationEntityTitle] == Array("ABC ".utf8))
        #expect(aeSet.string(.moveOriginatorApplicationEntityTitle) == "ABC")
    }

    @Test func wrongGroupLengthIsReportedNotRejected() throws {
        var bytes = Self.handBuiltCEchoRQ
        bytes[8] = 0x30
        let set = try CommandSet(decoding: ByteBuffer(bytes: bytes))
        #expect(set.declaredGroupLength == 0x30)
        #expect(set.groupLengthMatches == false)
    }

    @Test func typedErrors() {
        #expect(throws: CommandSetError.truncatedElementHeader(offset: 0, remaining: 3)) {
            try CommandSet(decoding: ByteBuffer(bytes: [0, 0, 0]))
        }
        #expect(throws: CommandSetError.undefinedLength(tag: .commandField, offset: 0)) {
            try CommandSet(decoding: ByteBuffer(bytes: [0x00, 0x00, 0x00, 0x01, 0xFF, 0xFF, 0xFF, 0xFF]))
        }
        #expect(throws: CommandSetError.elementOutsideCommandGroup(tag: CommandTag(group: 8, element: 0x16),
                                                                  offset: 0)) {
            try CommandSet(decoding: ByteBuffer(bytes: [0x08, 0x00, 0x16, 0x00, 0x00, 0x00, 0x00, 0x00]))
        }
        #expect(throws: CommandSetError.truncatedValue(tag: .commandField, offset: 0, declaredLength: 0xFFFF_FFF0,
                                                       remaining: 2)) {
            try CommandSet(decoding: ByteBuffer(bytes: [0x00, 0x00, 0x00, 0x01, 0xF0, 0xFF, 0xFF, 0xFF, 1, 2]))
        }
        var set = CommandSet()
        set.set(.commandField, raw: [1, 2, 3])
        #expect(throws: CommandSetError.invalidValueLength(tag: .commandField, length: 3, expected: 2)) {
            try set.uint16(.commandField)
        }
    }

    @Test func emptyInputIsAnEmptySet() throws {
        let set = try CommandSet(decoding: ByteBuffer())
        #expect(set.elements.isEmpty)
        #expect(throws: CommandSetError.missingElement(.commandField)) { try DIMSECommand(commandSet: set) }
    }

    /// Every truncation of every reference command set yields a value or a typed error.
    @Test func everyTruncationIsHandled() throws {
        for name in ["pynetdicom-c-echo-rq.bin", "pynetdicom-c-echo-rsp.bin", "pynetdicom-c-store-rq.bin",
                     "pynetdicom-c-store-rsp.bin"] {
            let bytes = try DIMSEFixture.bytes(name)
            for length in 0..<bytes.count {
                let result = Result { () throws(CommandSetError) in try DIMSECommand(decoding: ByteBuffer(bytes: bytes[0..<length])) }
                if case .success(let command) = result {
                    // Truncated exactly at an element boundary: a shorter but valid command set.
                    #expect(command.commandSet.groupLengthMatches != true || length == bytes.count)
                }
            }
        }
    }

    /// Seeded random mutations never trap; decoding is bounded by the input.
    @Test func randomMutationsNeverTrap() throws {
        var generator = SplitMix64(seed: 0x5EED_D1C0)
        let seeds = try ["pynetdicom-c-echo-rq.bin", "pynetdicom-c-store-rq.bin", "pynetdicom-c-store-rsp.bin"]
            .map(DIMSEFixture.bytes)
        var decoded = 0, failed = 0
        for iteration in 0..<6000 {
            var bytes = seeds[iteration % seeds.count]
            for _ in 0...(Int(generator.next() % 4)) {
                let index = Int(generator.next() % UInt64(bytes.count))
                bytes[index] = UInt8(truncatingIfNeeded: generator.next())
            }
            do {
                let command = try DIMSECommand(decoding: ByteBuffer(bytes: bytes))
                _ = (command.messageID, command.status, command.affectedSOPClassUID, command.priority,
                     command.hasDataSet, command.commandField.description, command.offendingElement)
                _ = try? command.response(status: .success)
                decoded += 1
            } catch {
                #expect(!error.description.isEmpty)
                failed += 1
            }
        }
        #expect(decoded > 0)
        #expect(failed > 0)
    }
}
