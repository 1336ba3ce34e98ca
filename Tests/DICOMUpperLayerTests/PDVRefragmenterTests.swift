import NIOCore
import TestSupport
import Testing
@testable import DICOMUpperLayer

/// A relay's re-fragmentation (PS3.8 D.1, Annex E): whatever fragments one leg sent, the other leg receives PDUs
/// within its own Maximum Length, the same bytes in the same order, the same context ID and command/data bit, and
/// the "last" bit only where the sender put it.
@Suite struct PDVRefragmenterTests {
    /// The PDVs of a relayed stream, each checked against the receiving leg's limit.
    static func relayedPDVs(_ stream: ByteBuffer, limit: Int) throws -> [PresentationDataValue] {
        try splitPDataTFPDUs(stream).flatMap { body in
            #expect(body.readableBytes <= limit, "a PDU of \(body.readableBytes) bytes past the leg's \(limit)")
            let pdvs = try PresentationDataValue.decodeItems(body)
            #expect(pdvs.count == 1, "one PDV per PDU")
            return pdvs
        }
    }

    @Test(arguments: [(UInt32(16_384), UInt32(4_096)), (4_096, 16_384), (0, 4_096), (4_096, 0), (8, 4_096)])
    func randomFragmentsCrossBetweenLimits(sender: UInt32, receiver: UInt32) throws {
        var random = SplitMix64(seed: UInt64(sender) &* 31 &+ UInt64(receiver))
        let senderFragmenter = MessageFragmenter(peerMaximumLength: sender, allowsOddLength: true)
        let refragmenter = PDVRefragmenter(peerMaximumLength: receiver)
        let limit = Int(receiver == 0 ? MessageFragmenter.defaultUnlimitedLengthCap : receiver)
        for round in 0..<20 {
            // One message: a command in 1–2 fragments, a data set in fragments of the sender's sizes.
            let dataSet = patternBytes(Int(random.next() % 300_000) & ~1, seed: UInt8(round))
            var original = ByteBuffer()
            try senderFragmenter.encodeMessage(command: MessageFragmenterTests.command, dataSet: dataSet,
                                               presentationContextID: 5, into: &original)
            let sent = try Self.relayedPDVs(original, limit: Int(senderFragmenter.effectiveMaximumLength))
            var relayed = ByteBuffer()
            for pdv in sent { refragmenter.append(pdv, into: &relayed) }
            let received = try Self.relayedPDVs(relayed, limit: limit)
            #expect(received.allSatisfy { $0.presentationContextID == 5 && $0.fragment.readableBytes % 2 == 0 })
            #expect(received.allSatisfy { !$0.messageControlHeader.hasReservedBitsSet })
            // Same bytes per part, last bit exactly once per part and on its final fragment.
            for isCommand in [true, false] {
                let part = received.filter { $0.messageControlHeader.isCommand == isCommand }
                var joined = ByteBuffer()
                for pdv in part { joined.writeImmutableBuffer(pdv.fragment) }
                #expect(joined == (isCommand ? MessageFragmenterTests.command : dataSet))
                #expect(part.filter(\.messageControlHeader.isLastFragment).count == 1)
                #expect(part.last?.messageControlHeader.isLastFragment == true)
            }
            // The command comes first, whole, then the data set (no interleaving, PS3.8 Annex E).
            let firstData = received.firstIndex { !$0.messageControlHeader.isCommand } ?? received.count
            #expect(received[..<firstData].allSatisfy { $0.messageControlHeader.isCommand })
            #expect(received[firstData...].allSatisfy { !$0.messageControlHeader.isCommand })
        }
    }

    @Test func aFragmentThatFitsPassesUnchanged() {
        let pdv = PresentationDataValue(presentationContextID: 7, messageControlHeader: .dataMore,
                                        fragment: patternBytes(4_090))
        var out = ByteBuffer()
        PDVRefragmenter(peerMaximumLength: 4_096).append(pdv, into: &out)
        var expected = ByteBuffer()
        expected.writeBytes([0x04, 0x00, 0x00, 0x00, 0x10, 0x00])  // P-DATA-TF, PDU-length 4096
        pdv.encode(into: &expected)
        #expect(out == expected)
    }

    @Test func oversizedFragmentIsCutEvenAndKeepsLastOnlyAtTheEnd() throws {
        let pdv = PresentationDataValue(presentationContextID: 1, messageControlHeader: .dataLast,
                                        fragment: patternBytes(10_001))
        var out = ByteBuffer()
        let refragmenter = PDVRefragmenter(peerMaximumLength: 4_096)
        refragmenter.append(pdv, into: &out)
        let pieces = try Self.relayedPDVs(out, limit: 4_096)
        #expect(pieces.map(\.fragment.readableBytes) == [4_090, 4_090, 1_821])
        #expect(pieces.map(\.messageControlHeader) == [.dataMore, .dataMore, .dataLast])
        #expect(refragmenter.pduCount(forFragmentLength: 10_001) == 3)
    }

    @Test func reservedBitsAreNotRepeatedAndEmptyFragmentsStillTravel() throws {
        let pdv = PresentationDataValue(presentationContextID: 3, messageControlHeader: MessageControlHeader(rawValue: 0xF3),
                                        fragment: ByteBuffer())
        var out = ByteBuffer()
        PDVRefragmenter(peerMaximumLength: 16_384).append(PDataTF(values: [pdv, pdv]), into: &out)
        let pieces = try Self.relayedPDVs(out, limit: 16_384)
        #expect(pieces.map(\.messageControlHeader) == [.commandLast, .commandLast])
        #expect(pieces.allSatisfy { $0.fragment.readableBytes == 0 })
    }

    /// A received PDU goes on byte for byte only when the receiving peer takes its length and no reserved bit
    /// would be passed on; a peer without a limit (0) takes any.
    @Test func aReceivedPDURelaysAsItCameOnlyWhenItFitsAndIsClean() {
        let command = PresentationDataValue(presentationContextID: 1, messageControlHeader: .commandLast,
                                            fragment: patternBytes(100))
        let data = PresentationDataValue(presentationContextID: 1, messageControlHeader: .dataMore,
                                         fragment: patternBytes(4_000))
        let pData = PDataTF(values: [command, data])
        let length = pData.pduLength  // 4,112
        #expect(PDVRefragmenter(peerMaximumLength: UInt32(length)).relaysAsReceived(pData, pduLength: length))
        #expect(PDVRefragmenter(peerMaximumLength: 0).relaysAsReceived(pData, pduLength: length))
        #expect(!PDVRefragmenter(peerMaximumLength: UInt32(length - 1)).relaysAsReceived(pData, pduLength: length))
        let reserved = PresentationDataValue(presentationContextID: 1,
                                             messageControlHeader: MessageControlHeader(rawValue: 0x06),
                                             fragment: patternBytes(10))
        #expect(!PDVRefragmenter(peerMaximumLength: 0).relaysAsReceived(PDataTF(values: [command, reserved]),
                                                                         pduLength: 122))
    }
}
