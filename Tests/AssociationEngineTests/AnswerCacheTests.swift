@testable import AssociationEngine
import AssociationEvents
import DICOMUpperLayer
import Foundation
import NIOCore
import SCUTestClient
import TestSupport
import Testing

/// The proposal and the unedited A-ASSOCIATE-AC of a request seen before are reused; a decision never is.
@Suite(.timeLimit(.minutes(1)))
struct AnswerCacheTests {
    static let verification = "1.2.840.10008.1.1"
    static let ctImage = "1.2.840.10008.5.1.4.1.1.2"
    static let implicitLE = "1.2.840.10008.1.2"
    static let explicitLE = "1.2.840.10008.1.2.1"

    @Test func aProposalIsWorkedOutOncePerRequestAndTheCacheStaysBounded() {
        let cache = AnswerCache()
        var made = 0
        func make() -> Proposal {
            made += 1
            return Proposal(presentationContexts: [ContextDecision(id: 1, result: 0)], roleSelections: [],
                            maxPDULength: 16_384)
        }
        _ = cache.answer(for: [1, 2, 3], make: make)
        _ = cache.answer(for: [1, 2, 3], make: make)
        #expect(made == 1)
        _ = cache.answer(for: [1, 2, 4], make: make)
        #expect(made == 2)
        for key in 0..<(AnswerCache.capacity * 2) {
            _ = cache.answer(for: [9, UInt8(key & 0xFF), UInt8(key >> 8)], make: make)
        }
        #expect(cache.count <= AnswerCache.capacity)
        // An acceptance is only remembered for a request whose proposal is known.
        let ac = AAssociateAC(answering: SCUTestClient.associateRQ(), presentationContexts: [],
                              userInformation: UserInformation(maximumLength: 0, implementationClassUID: "1.2.3"))
        cache.remember(.init(ac: ac, encoded: ByteBuffer(bytes: [2])), for: [7, 7])
        #expect(cache.acceptance(for: [7, 7]) == nil)
    }

    @Test func requestsWithUserIdentityAreNotCached() {
        var rq = SCUTestClient.associateRQ()
        #expect(AnswerCache.key(for: rq, raw: [1, 2]) == [1, 2])
        #expect(AnswerCache.key(for: rq, raw: []) == nil)
        rq.userInformation = UserInformation(
            maximumLength: 16_384, implementationClassUID: "1.2.3",
            userIdentityRQ: UserIdentityNegotiationRQ(username: "user", passcode: "secret"))
        #expect(AnswerCache.key(for: rq, raw: [1, 2]) == nil)
    }

    /// The second identical request is answered with the same bytes from the cache; an operator's edits on a third
    /// identical request are answered as edited, not from the cache.
    @Test func anIdenticalRequestGetsTheSameACAndEditsAreNeverCached() async throws {
        let rq = SCUTestClient.associateRQ(contexts: [
            (1, Self.verification, [Self.implicitLE]),
            (3, Self.ctImage, [Self.implicitLE, Self.explicitLE]),
        ])
        try await withEngine(configure: { $0.policy = .accept }) { harness in
            var answers: [AAssociateAC] = []
            for _ in 0..<2 {
                let client = try await SCUTestClient.connect(port: harness.port)
                try await client.send(.associateRQ(rq))
                guard case .pdu(.associateAC(let ac)) = await client.receive() else {
                    Issue.record("expected an A-ASSOCIATE-AC"); return
                }
                answers.append(ac)
                client.close()
            }
            _ = await harness.waitFor { $0.accepted?.association == 2 }
            #expect(answers[0] == answers[1])
            #expect(answers[1].presentationContexts.map(\.result) == [.acceptance, .acceptance])
            let raws = harness.events.compactMap { $0.accepted?.raw }
            #expect(raws.count == 2 && raws[0] == raws[1])
            #expect(harness.engine.answerCache.count == 1)
            let requestBytes = harness.events.compactMap { $0.requested?.raw }
            #expect(requestBytes.count == 2)
            #expect(requestBytes.first.flatMap { harness.engine.answerCache.acceptance(for: $0) } != nil)

            harness.engine.send(.setPolicy(.ask))
            let client = try await SCUTestClient.connect(port: harness.port)
            try await client.send(.associateRQ(rq))
            let requested = try #require(await harness.waitFor { $0.requested?.association == 3 }?.requested)
            harness.engine.send(.accept(association: requested.association, presentationContexts: [
                ContextDecision(id: 1, result: 1),
                ContextDecision(id: 3, result: 0, transferSyntax: Self.explicitLE),
            ], roleSelections: nil, remember: false))
            guard case .pdu(.associateAC(let edited)) = await client.receive() else {
                Issue.record("expected an A-ASSOCIATE-AC"); return
            }
            #expect(edited.presentationContexts.map(\.result) == [.userRejection, .acceptance])
            #expect(edited.presentationContexts.last?.transferSyntax == Self.explicitLE)
            client.close()
        }
    }
}
