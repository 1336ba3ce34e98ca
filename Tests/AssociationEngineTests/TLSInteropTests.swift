import AssociationEngine
import AssociationEvents
import Foundation
import TestSupport
import Testing

/// DICOM TLS (PS3.15 Annex B) against real peers: DCMTK echoscu/storescu with `+tls`, pynetdicom with an
/// `ssl.SSLContext`, and `openssl s_client`; certificates made at test time by `TLSTestPKI`.
@Suite(.serialized) struct TLSInteropTests {
    private static let echoscu = "/usr/bin/echoscu"
    private static let storescu = "/usr/bin/storescu"

    /// An engine with plain and TLS ports on 127.0.0.1 (ephemeral), policy accept; always stopped afterwards.
    private func withEngine(mode: PeerCertificateMode = .require, artim: TimeInterval = 10, noPlain: Bool = false,
                            policy: Policy = .accept, rulesFile: String? = nil, storageDirectory: String? = nil,
                            _ body: (EngineHarness) async throws -> Void) async throws {
        let pki = try await TLSTestPKI.shared.get()
        try await TestSupport.withEngine(configure: { options in
            options.policy = policy
            options.rulesFile = rulesFile
            if let storageDirectory {
                options.noStore = false
                options.storageDirectory = storageDirectory
            }
            options.artimTimeout = artim
            options.noPlain = noPlain
            options.tls = TLSOptions(port: 0, certificatePath: pki.server.certificate, privateKeyPath: pki.server.key,
                                     trustRootsPath: pki.caCertificate, peerCertificateMode: mode)
        }, body)
    }

    private func tlsPort(_ harness: EngineHarness) throws -> Int {
        try #require(harness.engine.tlsPort)
    }

    /// echoscu over TLS; `identity == nil` is anonymous TLS (`+tla`).
    private func echo(port: Int, identity: TLSTestPKI.Identity?, tls: Bool = true) async throws -> Subprocess.Outcome {
        let pki = try await TLSTestPKI.shared.get()
        var arguments = ["-aet", "ECHOSCU", "-aec", "ASSOCMON", "-to", "10", "-ta", "10", "-td", "10"]
        if tls {
            if let identity {
                arguments += ["+tls", identity.key, identity.certificate]
            } else {
                arguments += ["+tla"]
            }
            arguments += ["+cf", pki.caCertificate]
        }
        arguments += ["127.0.0.1", String(port)]
        return try await Subprocess.run(Self.echoscu, arguments)
    }

    private func transportFailures(_ harness: EngineHarness) -> [TransportFailed] {
        harness.events.compactMap { if case .transportFailed(let e) = $0 { e } else { nil } }
    }

    private func waitForFailure(_ harness: EngineHarness, count: Int = 1) async -> [TransportFailed] {
        _ = await harness.waitFor { _ in transportFailures(harness).count >= count }
        return transportFailures(harness)
    }

    private func tlsOf(_ harness: EngineHarness, _ association: Int) -> (opened: TLSFacts?, requested: TLSFacts?) {
        let events = harness.events(of: association)
        let opened = events.compactMap { if case .connectionOpened(let e) = $0 { e.tls } else { nil } }.first
        let requested = events.compactMap { $0.requested?.tls }.first
        return (opened, requested)
    }

    @Test func echoscuWithAClientCertificateSucceedsAndEventsCarryTheFacts() async throws {
        let pki = try await TLSTestPKI.shared.get()
        try await withEngine { harness in
            let result = try await echo(port: try tlsPort(harness), identity: pki.client)
            #expect(result.status == 0, "\(result.stderr)")
            let accepted = try #require(await harness.waitFor { $0.accepted != nil }?.accepted)
            let facts = tlsOf(harness, accepted.association)
            let opened = try #require(facts.opened)
            #expect(opened.protocol == "TLSv1.3" || opened.protocol == "TLSv1.2")
            #expect(opened.cipherSuite.contains("_GCM_") || opened.cipherSuite.contains("CHACHA20"))
            #expect(opened.peerCertificateSubject == TLSTestPKI.clientSubject)
            #expect(opened.peerCertificateIssuer == "O=assocmon test, CN=Test CA")
            #expect(opened.peerCertificateVerified)
            #expect(facts.requested == opened)
            #expect(await harness.waitFor { $0.dimseMessage?.command == "C-ECHO-RSP" } != nil)
        }
    }

    @Test func storescuOverTLSStoresTheObject() async throws {
        let pki = try await TLSTestPKI.shared.get()
        let directory = pki.directory + "/store-\(UUID().uuidString)"
        try await withEngine(storageDirectory: directory) { harness in
            let file = try await TLSTestDataSet.make(in: pki.directory)
            let result = try await Subprocess.run(Self.storescu, [
                "-aet", "STORESCU", "-aec", "ASSOCMON", "-to", "10", "-ta", "10", "-td", "10",
                "+tls", pki.client.key, pki.client.certificate, "+cf", pki.caCertificate,
                "127.0.0.1", String(try tlsPort(harness)), file.path,
            ])
            #expect(result.status == 0, "\(result.stderr)")
            let stored = try #require(await harness.waitFor { $0.stored != nil }?.stored)
            #expect(stored.sopInstanceUID == file.sopInstanceUID)
            #expect(tlsOf(harness, stored.association).opened?.peerCertificateSubject == TLSTestPKI.clientSubject)
            let path = try #require(stored.path)
            #expect(FileManager.default.fileExists(atPath: path))
        }
    }

    @Test func anonymousTLSIsRefusedInRequireMode() async throws {
        try await withEngine(mode: .require) { harness in
            let refused = try await echo(port: try tlsPort(harness), identity: nil)
            #expect(refused.status != 0)
            let failures = await waitForFailure(harness)
            #expect(failures.first?.reason.hasPrefix("client presented no certificate") == true, "\(failures)")
            #expect(failures.first?.peer.hasPrefix("127.0.0.1:") == true)
            #expect(!harness.events.contains { $0.requested != nil })
        }
    }

    @Test func anonymousTLSIsAcceptedInIgnoreMode() async throws {
        try await withEngine(mode: .ignore) { harness in
            let accepted = try await echo(port: try tlsPort(harness), identity: nil)
            #expect(accepted.status == 0, "\(accepted.stderr)")
            let requested = try #require(await harness.waitFor { $0.requested != nil }?.requested)
            let tls = try #require(requested.tls)
            #expect(tls.peerCertificateSubject == nil)
            #expect(!tls.peerCertificateVerified)
        }
    }

    @Test func anotherCAsCertificateAndAnExpiredOneAreRefused() async throws {
        let pki = try await TLSTestPKI.shared.get()
        try await withEngine { harness in
            let port = try tlsPort(harness)
            #expect(try await echo(port: port, identity: pki.otherCAClient).status != 0)
            #expect(try await echo(port: port, identity: pki.expiredClient).status != 0)
            let failures = await waitForFailure(harness, count: 2).map(\.reason)
            #expect(failures.contains { $0.hasPrefix("client certificate signed by an unknown CA") }, "\(failures)")
            #expect(failures.contains { $0.hasPrefix("client certificate expired on 2021-01-01") }, "\(failures)")
            #expect(try await echo(port: port, identity: pki.client).status == 0)
        }
    }

    @Test(arguments: ["1.3", "1.2"])
    func pynetdicomSucceeds(version: String) async throws {
        try await withEngine { harness in
            let result = try await TLSTestPynetdicom.echo(port: try tlsPort(harness), version: version)
            #expect(result.stdout.contains("ECHO 0"), "\(result.stdout) \(result.stderr)")
            let tls = try #require(await harness.waitFor { $0.requested != nil }?.requested?.tls)
            #expect(tls.protocol == "TLSv\(version)")
            #expect(tls.peerCertificateSubject == TLSTestPKI.clientSubject)
        }
    }

    @Test func pynetdicomOfferingOnlyTLS10And11IsRefused() async throws {
        try await withEngine { harness in
            let result = try await TLSTestPynetdicom.echo(port: try tlsPort(harness), version: "1.1")
            #expect(!result.stdout.contains("ECHO"), "\(result.stdout)")
            let failures = await waitForFailure(harness)
            #expect(failures.first?.reason
                == "client offers TLSv1.1 at most; TLS 1.2 or 1.3 is required (BCP 195, RFC 8996)")
        }
    }

    @Test func wrongProtocolOnEachPortIsAnEventAndBothPortsServeTheNextClient() async throws {
        let pki = try await TLSTestPKI.shared.get()
        try await withEngine { harness in
            let tls = try tlsPort(harness)
            #expect(try await echo(port: tls, identity: nil, tls: false).status != 0)
            #expect(try await echo(port: harness.port, identity: pki.client).status != 0)
            let reasons = await waitForFailure(harness, count: 2).map(\.reason)
            #expect(reasons.contains("plain DICOM (A-ASSOCIATE-RQ) sent to the TLS port"), "\(reasons)")
            #expect(reasons.contains("TLS ClientHello sent to the plain DICOM port"), "\(reasons)")
            #expect(try await echo(port: tls, identity: pki.client).status == 0)
            #expect(try await echo(port: harness.port, identity: nil, tls: false).status == 0)
            _ = await harness.waitFor { _ in harness.events.filter { $0.accepted != nil }.count >= 2 }
            let opened = harness.events.compactMap { if case .connectionOpened(let e) = $0 { e } else { nil } }
            #expect(opened.contains { $0.tls == nil } && opened.contains { $0.tls != nil })
        }
    }

    @Test func aHandshakeThatNeverFinishesIsClosedAfterARTIM() async throws {
        try await withEngine(artim: 1) { harness in
            let started = ContinuousClock.now
            // A bare TCP connection that sends nothing never finishes a handshake.
            let socket = try TLSTestSocket.connect(port: try tlsPort(harness))
            defer { socket.close() }
            let failures = await waitForFailure(harness)
            #expect(failures.first?.reason
                == "TLS handshake not finished within 1 s (ARTIM timeout; the peer sent nothing)")
            // Generous bounds: the point is that the 1 s timer closes it at all, even on a loaded CI machine.
            #expect(ContinuousClock.now - started < .seconds(15))
            #expect(await socket.readUntilClosed(timeout: .seconds(15)))
        }
    }

    @Test func tlsOnlyWithNoPlain() async throws {
        let pki = try await TLSTestPKI.shared.get()
        try await withEngine(noPlain: true) { harness in
            _ = await harness.waitFor { if case .listening = $0 { true } else { false } }
            let listening = harness.events.compactMap { if case .listening(let e) = $0 { e } else { nil } }
            #expect(listening.map(\.tls) == [true])
            #expect(harness.engine.port == nil)
            let port = try tlsPort(harness)
            #expect(try await echo(port: port, identity: pki.client).status == 0)
        }
    }

    @Test func headlessJSONMarksPlainAssociationsWithTLSNull() {
        let plain = EngineEvent.connectionOpened(ConnectionOpened(association: 1, peer: "127.0.0.1:1",
                                                                  local: "127.0.0.1:2", time: Date()))
        let json = JSONLines.line(for: plain)
        #expect(json.contains("\"tls\":null"))
        let facts = TLSFacts(protocol: "TLSv1.3", cipherSuite: "TLS_AES_128_GCM_SHA256",
                             peerCertificateSubject: "CN=X", peerCertificateIssuer: "CN=CA",
                             peerCertificateNotAfter: nil, peerCertificateVerified: true)
        let secure = EngineEvent.connectionOpened(ConnectionOpened(association: 1, peer: "127.0.0.1:1",
                                                                   local: "127.0.0.1:2", time: Date(), tls: facts))
        let secureJSON = JSONLines.line(for: secure)
        #expect(secureJSON.contains("\"cipherSuite\":\"TLS_AES_128_GCM_SHA256\""))
    }

    @Test func rulesMatchTheCertificateSubject() async throws {
        let pki = try await TLSTestPKI.shared.get()
        let rules = pki.directory + "/rules-\(UUID().uuidString).txt"
        try "accept subject=\"CN=MODALITY1\"\nreject 1/1/3\n".write(toFile: rules, atomically: true, encoding: .utf8)
        try await withEngine(mode: .verify, policy: .ask, rulesFile: rules) { harness in
            let port = try tlsPort(harness)
            #expect(try await echo(port: port, identity: pki.client).status == 0)
            #expect(try await echo(port: port, identity: nil).status != 0)
            _ = await harness.waitFor { _ in harness.events.filter { $0.requested != nil }.count >= 2 }
            let accepted = harness.events.compactMap(\.accepted)
            let rejected = harness.events.compactMap(\.rejected)
            #expect(accepted.map(\.decidedBy) == [.rule])
            #expect(rejected.map(\.decidedBy) == [.rule])
        }
    }
}
