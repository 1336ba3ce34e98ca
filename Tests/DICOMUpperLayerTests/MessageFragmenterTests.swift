import NIOCore
import TestSupport
import Testing
@testable import DICOMUpperLayer

/// Splits a byte stream into P-DATA-TF PDU bodies, checking each 6-byte header.
func splitPDataTFPDUs(_ stream: ByteBuffer) throws -> [ByteBuffer] {
    var stream = stream
    var bodies: [ByteBuffer] = []
    while stream.readableBytes > 0 {
        let type = stream.readInteger(as: UInt8.self)
        let reserved = stream.readInteger(as: UInt8.self)
        #expect(type == 0x04)
        #expect(reserved == 0)
        let declared = stream.readInteger(as: UInt32.self)
        let length = try #require(declared)
        let body = stream.readSlice(length: Int(length))
        bodies.append(try #require(body))
    }
    return bodies
}

/// Deterministic test bytes.
func patternBytes(_ count: Int, seed: UInt8 = 1) -> ByteBuffer {
    var buffer = ByteBuffer()
    buffer.reserveCapacity(count)
    buffer.writeBytes((0..<count).lazy.map { UInt8(truncatingIfNeeded: $0 &* 31 &+ Int(seed)) })
    return buffer
}

@Suite struct MessageFragmenterTests {
    static let command = CStoreRQ(messageID: 1, affectedSOPClassUID: "1.2.840.10008.5.1.4.1.1.2",
                                  affectedSOPInstanceUID: "1.2.826.0.1.3680043.9.3811.77.1").commandSet.encoded()

    @Test(arguments: [UInt32(0), 4096, 16384, 1 << 20])
    func roundTripAcrossSizes(maxLength: UInt32) throws {
        let fragmenter = MessageFragmenter(peerMaximumLength: maxLength, allowsOddLength: true)
        let fragment = fragmenter.maximumFragmentLength
        #expect(fragment % 2 == 0)
        #expect(fragment == Int(maxLength == 0 ? 131_072 : maxLength) - 6)
        let sizes = [0, 1, 2, 3, 1001, 4094, fragment - 1, fragment, fragment + 1, fragment + 2, 2 * fragment,
                     2 * fragment + 1, 3 << 20]
        for size in sizes {
            let dataSet = patternBytes(size)
            var stream = ByteBuffer()
            try fragmenter.encodeMessage(command: Self.command, dataSet: dataSet, presentationContextID: 3,
                                         into: &stream)
            #expect(stream.readableBytes == fragmenter.encodedLength(commandLength: Self.command.readableBytes,
                                                                      dataSetLength: size))
            let bodies = try splitPDataTFPDUs(stream)
            #expect(bodies.count == 1 + fragmenter.pduCount(forLength: size))
            var reassembler = MessageReassembler()
            var received = ByteBuffer()
            var sawLast = false
            var commands = 0
            for (index, body) in bodies.enumerated() {
                #expect(body.readableBytes <= Int(fragmenter.effectiveMaximumLength))
                let pdvs = try PresentationDataValue.decodeItems(body)
                #expect(pdvs.count == 1, "one PDV per PDU")
                let pdv = pdvs[0]
                // Command and data set never share a PDU; every fragment but a message's last is full and even.
                #expect(pdv.messageControlHeader.isCommand == (index == 0))
                if !pdv.messageControlHeader.isLastFragment {
                    #expect(pdv.fragment.readableBytes == fragment)
                }
                switch try reassembler.receive(pdv) {
                case .command(let command, let id, _)?:
                    #expect(command.commandField == .cStoreRQ)
                    #expect(id == 3)
                    commands += 1
                case .dataSetFragment(var bytes, _, let isLast)?:
                    #expect(!sawLast)
                    sawLast = isLast
                    received.writeBuffer(&bytes)
                case nil:
                    Issue.record("one-fragment command must complete at once")
                }
            }
            #expect(commands == 1)
            #expect(sawLast)
            #expect(received == dataSet, "size \(size)")
            let findings = reassembler.takeFindings()
            #expect(findings.isEmpty == (size % 2 == 0), "odd sizes give exactly one odd-fragment finding")
        }
    }

    @Test func commandOnlyMessage() throws {
        var stream = ByteBuffer()
        try MessageFragmenter(peerMaximumLength: 16384)
            .encodeMessage(command: CEchoRQ(messageID: 2).commandSet, dataSet: nil, presentationContextID: 1,
                           into: &stream)
        let bodies = try splitPDataTFPDUs(stream)
        #expect(bodies.count == 1)
        let pdv = try #require(try PresentationDataValue.decodeItems(bodies[0]).first)
        #expect(pdv.messageControlHeader == .commandLast)
        #expect(pdv.presentationContextID == 1)
    }

    @Test func commandSpanningSeveralPDUs() throws {
        // A pathological peer maximum of 20 bytes: 14-byte fragments.
        let fragmenter = MessageFragmenter(peerMaximumLength: 20)
        #expect(fragmenter.maximumFragmentLength == 14)
        var stream = ByteBuffer()
        try fragmenter.encodeMessage(command: Self.command, dataSet: patternBytes(30), presentationContextID: 5,
                                     into: &stream)
        let pdvs = try splitPDataTFPDUs(stream).flatMap { try PresentationDataValue.decodeItems($0) }
        let commandPDUs = (Self.command.readableBytes + 13) / 14
        #expect(commandPDUs > 5)
        #expect(pdvs.map(\.messageControlHeader.rawValue)
            == Array(repeating: 1, count: commandPDUs - 1) + [3, 0, 0, 2])
        #expect(pdvs.allSatisfy { $0.fragment.readableBytes % 2 == 0 })
        var reassembler = MessageReassembler()
        let events = try pdvs.compactMap { try reassembler.receive($0) }
        #expect(events.count == 4)
        if case .command(_, _, let bytes)? = events.first { #expect(bytes == Self.command) } else {
            Issue.record("first event must be the command")
        }
    }

    @Test func tinyAndOddMaximumLengths() {
        #expect(MessageFragmenter(peerMaximumLength: 1).maximumFragmentLength == 2)
        #expect(MessageFragmenter(peerMaximumLength: 7).effectiveMaximumLength == 8)
        #expect(MessageFragmenter(peerMaximumLength: 4097).maximumFragmentLength == 4090)
        #expect(MessageFragmenter(peerMaximumLength: 0, unlimitedLengthCap: 1 << 20).maximumFragmentLength
            == (1 << 20) - 6)
        #expect(MessageFragmenter(peerMaximumLength: UInt32.max).maximumFragmentLength == Int(UInt32.max) - 7)
    }

    @Test func refusesOddLengthsAndEvenContextIDs() {
        let strict = MessageFragmenter(peerMaximumLength: 16384)
        var stream = ByteBuffer()
        #expect(throws: MessageFragmenterError.oddLength(isCommand: false, length: 3)) {
            try strict.encodeMessage(command: Self.command, dataSet: patternBytes(3), presentationContextID: 1,
                                     into: &stream)
        }
        #expect(throws: MessageFragmenterError.invalidPresentationContextID(2)) {
            try strict.encodeMessage(command: Self.command, dataSet: nil, presentationContextID: 2, into: &stream)
        }
        #expect(throws: MessageFragmenterError.invalidPresentationContextID(0)) {
            try strict.dataSetStream(presentationContextID: 0)
        }
        #expect(stream.readableBytes == 0, "nothing written on refusal")
    }

    @Test(arguments: [UInt32(4096), 16384])
    func streamingMatchesOneShot(maxLength: UInt32) throws {
        let fragmenter = MessageFragmenter(peerMaximumLength: maxLength)
        var generator = SplitMix64(seed: UInt64(maxLength))
        for size in [0, 2, 4090, 4092, 16378, 100_000, 1 << 20] {
            let dataSet = patternBytes(size, seed: 7)
            var expected = ByteBuffer()
            try fragmenter.encodeMessage(command: Self.command, dataSet: dataSet, presentationContextID: 7,
                                         into: &expected)
            var streamed = ByteBuffer()
            try fragmenter.encodeCommand(Self.command, presentationContextID: 7, into: &streamed)
            var stream = try fragmenter.dataSetStream(presentationContextID: 7)
            var rest = dataSet
            var maxPending = 0
            while rest.readableBytes > 0 {
                let take = min(rest.readableBytes, Int(generator.next() % 9000) + 1)
                let chunk = rest.readSlice(length: take)
                stream.append(try #require(chunk), into: &streamed)
                maxPending = max(maxPending, stream.pending.readableBytes)
            }
            try stream.finish(into: &streamed)
            #expect(streamed == expected, "size \(size)")
            #expect(maxPending <= fragmenter.maximumFragmentLength, "holds at most one fragment")
            #expect(stream.totalLength == size)
        }
    }

    @Test func streamingRefusesOddTotalAtFinish() throws {
        let fragmenter = MessageFragmenter(peerMaximumLength: 4096)
        var stream = try fragmenter.dataSetStream(presentationContextID: 1)
        var out = ByteBuffer()
        stream.append(patternBytes(5), into: &out)
        #expect(throws: MessageFragmenterError.oddLength(isCommand: false, length: 5)) { try stream.finish(into: &out) }
        #expect(out.readableBytes == 0)
    }
}
