import DICOMUpperLayer
import NIOCore
import NIOEmbedded
import SCUTestClient
import Testing
@testable import AssociationEngine

/// The connection handler on NIO's `EmbeddedEventLoop`: ARTIM and the decision timeout run on its test clock
/// (`advanceTime`), so the timers are checked to the second without sleeping.
@Suite struct AssociationHandlerClockTests {
    private func makeChannel(_ configure: (inout EngineOptions) -> Void = { _ in }) throws
        -> (EmbeddedEventLoop, EmbeddedChannel) {
        var options = EngineOptions()
        configure(&options)
        let loop = EmbeddedEventLoop()
        let channel = EmbeddedChannel(
            handlers: AssociationHandler.pipeline(engine: AssociationEngine(options: options)), loop: loop)
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 50_312)).wait()
        return (loop, channel)
    }

    private func associateRQ() throws -> ByteBuffer {
        try PDU.associateRQ(SCUTestClient.associateRQ()).encoded()
    }

    @Test func artimClosesSta2AfterExactlyItsTimeout() throws {
        let (loop, channel) = try makeChannel { $0.artimTimeout = 30 }
        loop.advanceTime(by: .milliseconds(29_999))
        #expect(channel.isActive)
        loop.advanceTime(by: .milliseconds(1))
        #expect(!channel.isActive)
    }

    @Test func anAssociateRQStopsARTIMAndTheDecisionTimeoutRejects231() throws {
        let (loop, channel) = try makeChannel { $0.artimTimeout = 5; $0.decisionTimeout = 25 }
        try channel.writeInbound(try associateRQ())
        loop.advanceTime(by: .milliseconds(24_999))
        #expect(channel.isActive, "ARTIM is stopped in Sta3")
        #expect(try channel.readOutbound(as: ByteBuffer.self) == nil, "still held")
        loop.advanceTime(by: .milliseconds(1))
        let rj = try #require(try channel.readOutbound(as: ByteBuffer.self))
        #expect(try PDU.decode(bytes: rj) == .associateRJ(AAssociateRJ(result: 2, source: 3, reason: 1)))
        // Sta13: ARTIM runs again and closes if the peer does not.
        loop.advanceTime(by: .seconds(5))
        #expect(!channel.isActive)
    }

    /// `AssociationEngine.start()` refuses such values; a handler that still gets them (here built without
    /// `start()`) schedules its timers for the far future instead of trapping while converting to nanoseconds.
    @Test func timeoutsBeyondInt64NanosecondsNeverTrap() throws {
        let (loop, channel) = try makeChannel { $0.artimTimeout = .infinity; $0.decisionTimeout = 1e10 }
        loop.advanceTime(by: .hours(24))
        #expect(channel.isActive, "ARTIM of inf never expires")
        try channel.writeInbound(try associateRQ())
        loop.advanceTime(by: .hours(24))
        #expect(channel.isActive)
        #expect(try channel.readOutbound(as: ByteBuffer.self) == nil, "still held after a day")
    }

    @Test func onTimeoutAbortSendsAServiceUserAbort() throws {
        let (loop, channel) = try makeChannel { $0.decisionTimeout = 2; $0.onTimeout = .abort }
        try channel.writeInbound(try associateRQ())
        loop.advanceTime(by: .seconds(2))
        let abort = try #require(try channel.readOutbound(as: ByteBuffer.self))
        #expect(try PDU.decode(bytes: abort) == .abort(AAbort(source: 0, reason: 0)))
    }

    @Test func onTimeoutAcceptSendsTheProposal() throws {
        let (loop, channel) = try makeChannel { $0.decisionTimeout = 2; $0.onTimeout = .accept }
        try channel.writeInbound(try associateRQ())
        loop.advanceTime(by: .seconds(2))
        let ac = try #require(try channel.readOutbound(as: ByteBuffer.self))
        guard case .associateAC(let decoded) = try PDU.decode(bytes: ac) else {
            Issue.record("expected an A-ASSOCIATE-AC"); return
        }
        #expect(decoded.presentationContexts.map(\.result) == [.acceptance])
        #expect(decoded.userInformation.maximumLength == 262_144)
        #expect(decoded.userInformation.implementationClassUID == AssocmonImplementation.classUID)
    }
}
