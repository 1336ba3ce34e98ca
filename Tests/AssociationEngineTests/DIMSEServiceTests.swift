import DICOMUpperLayer
import NIOConcurrencyHelpers
import NIOCore
import Testing
@testable import AssociationEngine

/// The services answer whole requests without a channel: Verification (PS3.4 Annex A), Storage (PS3.4 Annex B).
@Suite struct DIMSEServiceTests {
    static let association = NegotiatedAssociation(
        callingAETitle: "MODALITY", calledAETitle: "ASSOCMON", peerMaximumLength: 16_384,
        contexts: [1: .init(abstractSyntax: "1.2.840.10008.5.1.4.1.1.2", transferSyntax: "1.2.840.10008.1.2")],
        fragmenter: MessageFragmenter(peerMaximumLength: 16_384))

    static func store() throws -> DIMSECommand {
        try DIMSECommand(commandSet: CStoreRQ(messageID: 3, affectedSOPClassUID: "1.2.840.10008.5.1.4.1.1.2",
                                              affectedSOPInstanceUID: "1.2.3.4").commandSet)
    }

    /// The answer, which these services give at once on the caller's thread.
    static func answer(of service: any DIMSEService, _ command: DIMSECommand,
                       sink: (any DataSetSink)?) -> DIMSEAnswer? {
        let box = NIOLockedValueBox<DIMSEAnswer?>(nil)
        service.answer(command, sink: sink) { answer in box.withLockedValue { $0 = answer } }
        return box.withLockedValue { $0 }
    }

    @Test func verificationAnswersEchoSuccess() throws {
        let service = VerificationService()
        #expect(service.serves(.cEchoRQ))
        #expect(!service.serves(.cStoreRQ))
        let echo = try DIMSECommand(commandSet: CEchoRQ(messageID: 1).commandSet)
        #expect(Self.answer(of: service, echo, sink: nil)?.status == .success)
    }

    @Test func storageWithoutADataSetIsA900() throws {
        let service = StorageService(storage: nil)
        #expect(service.serves(.cStoreRQ))
        #expect(!service.serves(.cEchoRQ))
        let answer = Self.answer(of: service, try Self.store(), sink: nil)
        #expect(answer?.status == .dataSetDoesNotMatchSOPClass)
        #expect(answer?.stored == nil)
    }

    @Test func noStoreCountsTheBytesAndAnswersSuccess() throws {
        let service = StorageService(storage: nil)
        let context = try #require(Self.association.contexts[1])
        let sink = try #require(service.dataSetSink(for: try Self.store(), context: context,
                                                    association: Self.association))
        #expect(sink is DiscardingSink)
        _ = sink.append(ByteBuffer(repeating: 1, count: 1_000))
        _ = sink.append(ByteBuffer(repeating: 2, count: 24))
        let answer = Self.answer(of: service, try Self.store(), sink: sink)
        #expect(answer?.status == .success)
        #expect(answer?.stored?.bytes == 1_024)
        #expect(answer?.stored?.path == nil)
    }
}
