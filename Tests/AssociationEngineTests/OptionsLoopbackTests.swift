import AssociationEngine
import AssociationEvents
import DICOMUpperLayer
import SCUTestClient
import TestSupport
import Testing

/// `--accept-unknown-sop-classes`, `--accept-unknown-transfer-syntaxes`, `--prefer-ts`, `--max-pdu` as the peer
/// sees them in the A-ASSOCIATE-AC.
@Suite(.timeLimit(.minutes(1)))
struct OptionsLoopbackTests {
    static let privateClass = "1.2.826.0.1.3680043.9.9999.1"
    static let ct = "1.2.840.10008.5.1.4.1.1.2"
    static let implicitLE = "1.2.840.10008.1.2", explicitLE = "1.2.840.10008.1.2.1"

    private func answer(_ configure: @escaping (inout EngineOptions) -> Void) async throws -> AAssociateAC? {
        try await withEngine(configure: { $0.policy = .accept; configure(&$0) }) { harness in
            let client = try await SCUTestClient.connect(port: harness.port)
            let rq = SCUTestClient.associateRQ(contexts: [(1, Self.privateClass, [Self.implicitLE]),
                                                          (3, Self.ct, [Self.implicitLE, Self.explicitLE])])
            guard case .pdu(.associateAC(let ac)) = try await client.associate(rq) else { return nil }
            return ac
        }
    }

    @Test func defaultsRejectUnknownClassesAndKeepTheSCUsOrder() async throws {
        let ac = try #require(try await answer { _ in })
        #expect(ac.presentationContexts.map(\.result) == [.abstractSyntaxNotSupported, .acceptance])
        #expect(ac.presentationContexts[1].transferSyntax == Self.implicitLE)
        #expect(ac.userInformation.maximumLength == 262_144)
    }

    @Test func optionsChangeTheAnswer() async throws {
        let ac = try #require(try await answer {
            $0.acceptUnknownSOPClasses = true
            $0.preferredTransferSyntaxes = [Self.explicitLE]
            $0.maxPDULength = 65_536
        })
        #expect(ac.presentationContexts.map(\.result) == [.acceptance, .acceptance])
        #expect(ac.presentationContexts[1].transferSyntax == Self.explicitLE)
        #expect(ac.userInformation.maximumLength == 65_536)
    }

    static let unknownTS = "2.25.147695787860259291623779946741766332418"

    private func unknownTransferSyntaxAnswer(_ configure: @escaping (inout EngineOptions) -> Void) async throws
        -> (AAssociateAC, AssociationRequested)? {
        try await withEngine(configure: { $0.policy = .accept; configure(&$0) }) { harness in
            let client = try await SCUTestClient.connect(port: harness.port)
            let rq = SCUTestClient.associateRQ(contexts: [(1, Self.ct, [Self.unknownTS]),
                                                          (3, Self.ct, [Self.unknownTS, Self.implicitLE])])
            guard case .pdu(.associateAC(let ac)) = try await client.associate(rq) else { return nil }
            guard let requested = await harness.waitFor(.seconds(10), { $0.requested != nil })?.requested else { return nil }
            return (ac, requested)
        }
    }

    @Test func unknownTransferSyntaxesGetResult4AndAReason() async throws {
        let (ac, requested) = try #require(try await unknownTransferSyntaxAnswer { _ in })
        #expect(ac.presentationContexts.map(\.result) == [.transferSyntaxesNotSupported, .acceptance])
        #expect(ac.presentationContexts[1].transferSyntax == Self.implicitLE)
        let reason = try #require(requested.proposal.presentationContexts.first?.reason)
        #expect(reason.contains("no proposed transfer syntax is supported: \(Self.unknownTS)"))
    }

    @Test func unknownTransferSyntaxesOnlyWithTheOptIn() async throws {
        let (ac, _) = try #require(try await unknownTransferSyntaxAnswer { $0.acceptUnknownTransferSyntaxes = true })
        #expect(ac.presentationContexts.map(\.result) == [.acceptance, .acceptance])
        #expect(ac.presentationContexts.map(\.transferSyntax) == [Self.unknownTS, Self.unknownTS])
    }
}
