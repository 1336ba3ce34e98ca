import AssociationEngine
import SCUTestClient
import Testing
import TestSupport

/// `withEngine` returns only once the engine has stopped, whether its body returned or threw.
@Suite(.timeLimit(.minutes(1)))
struct WithEngineTests {
    struct Thrown: Error {}

    @Test func theEngineHasStoppedWhenWithEngineReturns() async throws {
        let (harness, client) = try await withEngine(configure: { $0.policy = .accept }) { harness in
            let client = try await SCUTestClient.connect(port: harness.port)
            guard case .pdu(.associateAC) = try await client.associate() else { throw Thrown() }
            return (harness, client)
        }
        // The association left open was ended by the stop, and the last event was recorded before the return.
        #expect(await client.waitForClose(timeout: .milliseconds(200)))
        #expect(harness.events.contains { $0.name == "stopping" })
        #expect(harness.events.contains { $0.isClosed })
        await #expect(throws: (any Error).self, "nothing listens on the port any more") {
            try await SCUTestClient.connect(port: harness.port).close()
        }
    }

    @Test func aThrowingBodyStillStopsTheEngine() async throws {
        var port = 0
        do {
            try await withEngine { harness in
                port = harness.port
                throw Thrown()
            }
            Issue.record("the error did not propagate")
        } catch is Thrown {}
        await #expect(throws: (any Error).self, "nothing listens on the port any more") {
            try await SCUTestClient.connect(port: port).close()
        }
    }
}
