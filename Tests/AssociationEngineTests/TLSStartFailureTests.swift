import AssociationEngine
import AssociationEvents
import Foundation
import SCUTestClient
import TestSupport
import Testing

/// When the DICOM TLS listener cannot start, `start()` fails as a whole: the plain port it had bound is closed
/// again, no `listening` event is published, and the message names the TLS port and the reason.
@Suite(.serialized, .timeLimit(.minutes(1)))
struct TLSStartFailureTests {
    /// A port that was free a moment ago, below the kernel's ephemeral range (32768 and up on Linux): the other
    /// tests running in parallel bind port 0 and connect from ephemeral ports, so none of them can take this one
    /// between our check and our use of it.
    static func freePort() async throws -> Int {
        for _ in 0..<50 {
            let candidate = Int.random(in: 20_000..<32_000)
            guard (try? await withEngine(configure: { $0.port = candidate }) { _ in }) != nil else { continue }
            return candidate
        }
        throw CancellationError()
    }

    static func options(plainPort: Int, tlsPort: Int, certificate: String? = nil) async throws -> EngineOptions {
        let pki = try await TLSTestPKI.shared.get()
        var options = EngineOptions()
        options.bindHost = "127.0.0.1"
        options.port = plainPort
        options.noStore = true
        options.tls = TLSOptions(port: tlsPort, certificatePath: certificate ?? pki.server.certificate,
                                 privateKeyPath: pki.server.key, trustRootsPath: pki.caCertificate,
                                 peerCertificateMode: .require)
        return options
    }

    @Test func tlsPortInUseLeavesNothingListening() async throws {
        try await withEngine { occupant in
            let plainPort = try await Self.freePort()
            let engine = AssociationEngine(options: try await Self.options(plainPort: plainPort, tlsPort: occupant.port))
            do throws(EngineError) {
                try await engine.start()
                Issue.record("start succeeded with the TLS port taken")
            } catch {
                #expect(error.description == "TLS port \(occupant.port) is in use; pick another with --tls-port")
                #expect(error.isPortInUse)
            }
            #expect(engine.port == nil && engine.tlsPort == nil)
            await #expect(throws: (any Error).self, "the plain port \(plainPort) was closed again") {
                let client = try await SCUTestClient.connect(port: plainPort)
                client.close()
            }
            await engine.shutdown()
            var events: [EngineEvent] = []
            for await event in engine.events { events.append(event) }
            #expect(!events.contains { $0.name == "listening" })
        }
    }

    @Test func badCertificateNamesThePortAndTheFile() async throws {
        let plainPort = try await Self.freePort()
        let engine = AssociationEngine(options: try await Self.options(plainPort: plainPort, tlsPort: 0,
                                                                  certificate: "/nonexistent/server.pem"))
        do {
            try await engine.start()
            Issue.record("start succeeded without a certificate")
        } catch {
            #expect(error.description.hasPrefix("cannot serve DICOM TLS on port 0: "), "\(error)")
            #expect(error.description.contains("/nonexistent/server.pem"), "\(error)")
        }
        #expect(engine.port == nil)
        await #expect(throws: (any Error).self) {
            let client = try await SCUTestClient.connect(port: plainPort)
            client.close()
        }
    }

    @Test func binaryExitsWithTheTLSPortInTheMessage() async throws {
        try await withEngine { occupant in
            let pki = try await TLSTestPKI.shared.get()
            let running = try HeadlessTests.Running(["--bind", "127.0.0.1", "--port", "0", "--no-store",
                                                     "--tls-port", "\(occupant.port)", "--tls-cert", pki.server.certificate,
                                                     "--tls-key", pki.server.key, "--peer-cert", "ignore"])
            let status = await running.waitForExit(.seconds(10))
            #expect(status == 2, "\(running.stderr)")
            #expect(running.stderr.contains("TLS port \(occupant.port) is in use; pick another with --tls-port"))
            #expect(running.output.isEmpty, "no listening event for a port that is closed again")
        }
    }
}
