import AssociationEngine
import AssociationEvents
import Foundation
import TestSupport
import Testing

/// Tap mode with DICOM TLS on the upstream leg (PS3.15 Annex B): DCMTK storescu (plain) → assocmon →
/// DCMTK `storescp +tls` as the PACS, with certificates of the test PKI, on 127.0.0.1.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct TapTLSTests {
    /// `storescp +tls KEY CERT` with `peer` as its client-certificate mode (`-ic` ignore, or `+cf CA -rc` require).
    static func tlsStorescp(directory: URL, identity: TLSTestPKI.Identity, peer: [String]) async throws
        -> (Subprocess, Int) {
        try await TapPeers.storescp(directory: directory, extra: ["+tls", identity.key, identity.certificate] + peer)
    }

    static func storescu(_ port: Int, _ files: [String]) async throws -> Subprocess.Outcome {
        try await Subprocess.run(TapTests.storescu, ["-aet", "MODALITY", "-aec", "PACS", "127.0.0.1", "\(port)"] + files)
    }

    /// The PACS's certificate verifies against `--forward-ca` and names 127.0.0.1: the files arrive with their
    /// data sets, and `forward.tls` carries the protocol, suite and the PACS's certificate from `forward-answered`
    /// on.
    @Test func storescuThroughTheTapToStorescpOverTLS() async throws {
        let pki = try await TLSTestPKI.shared.get()
        let directory = try TapTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let received = directory.appendingPathComponent("received")
        try FileManager.default.createDirectory(at: received, withIntermediateDirectories: true)
        let files = try await TapPeers.files(in: directory, count: 2, rows: 200)
        let (storescp, upstreamPort) = try await Self.tlsStorescp(directory: received, identity: pki.server,
                                                                   peer: ["-ic"])
        defer { storescp.stop() }
        try await withEngine(configure: TapPeers.forwarding(to: upstreamPort, tls: UpstreamTLSOptions(trustRootsPath: pki.caCertificate))) { harness in
            let outcome = try await Self.storescu(harness.port, files.map(\.path))
            #expect(outcome.status == 0, "\(outcome.stderr)")
            let names = try FileManager.default.contentsOfDirectory(atPath: received.path)
            for file in files {
                let name = try #require(names.first { $0.hasSuffix(file.uid) }, "storescp wrote \(names)")
                #expect(try await TapPeers.sameDataSet(file.path, received.appendingPathComponent(name).path))
            }
            #expect(await harness.waitFor { $0.isClosed } != nil)
            let answered = try #require(harness.events.compactMap(\.forwardAnswered).first)
            let tls = try #require(answered.forward.tls, "no TLS facts in forward-answered")
            #expect(["TLSv1.2", "TLSv1.3"].contains(tls.protocol), "\(tls.protocol)")
            #expect(tls.cipherSuite.contains("GCM") || tls.cipherSuite.contains("CHACHA"), "\(tls.cipherSuite)")
            #expect(tls.peerCertificateSubject == "O=assocmon test, CN=localhost")
            #expect(tls.peerCertificateIssuer == "O=assocmon test, CN=Test CA")
            #expect(tls.peerCertificateVerified && tls.peerCertificateNotAfter != nil)
            let accepted = try #require(harness.events.compactMap(\.accepted).first)
            #expect(accepted.forward?.tls == tls)
            let counts = await RetentionTests.settled(harness.engine)
            #expect(counts.upstreamLegs == 0 && counts.handlers == 0, "\(counts)")
        }
    }

    /// A PACS whose certificate another CA signed: `unreachable` with the reason, the requestor gets 2/3/1 and
    /// nothing reaches the PACS.
    @Test func pacsCertificateFromAnotherCAIsUnreachable() async throws {
        let pki = try await TLSTestPKI.shared.get()
        let directory = try TapTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let files = try await TapPeers.files(in: directory, count: 1, rows: 64)
        let received = directory.appendingPathComponent("received")
        try FileManager.default.createDirectory(at: received, withIntermediateDirectories: true)
        let (storescp, upstreamPort) = try await Self.tlsStorescp(directory: received, identity: pki.otherCAClient,
                                                                   peer: ["-ic"])
        defer { storescp.stop() }
        try await withEngine(configure: TapPeers.forwarding(to: upstreamPort, tls: UpstreamTLSOptions(trustRootsPath: pki.caCertificate))) { harness in
            let outcome = try await Self.storescu(harness.port, files.map(\.path))
            #expect(outcome.status != 0)
            #expect((outcome.stderr + outcome.stdout).contains("Rejected"), "\(outcome.stderr)")
            let rejected = try #require(await harness.waitFor { $0.rejected != nil }?.rejected)
            #expect((rejected.result, rejected.source, rejected.reason) == (2, 3, 1))
            guard case .unreachable(let detail)? = rejected.forward?.answer else {
                Issue.record("not unreachable: \(String(describing: rejected.forward))")
                return
            }
            #expect(detail.contains("unknown CA") && detail.contains("CN=Other CA"), "\(detail)")
            #expect(rejected.forward?.tls == nil)
            #expect(try FileManager.default.contentsOfDirectory(atPath: received.path).isEmpty)
            #expect((await RetentionTests.settled(harness.engine)).upstreamLegs == 0)
        }
    }

    /// Mutual TLS: a PACS that requires a client certificate signed by the test CA (`+cf CA -rc`) refuses the tap
    /// without `--forward-cert` (unreachable, the reason says so) and takes the files with it.
    @Test func mutualTLSWithForwardCertificate() async throws {
        let pki = try await TLSTestPKI.shared.get()
        let directory = try TapTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let files = try await TapPeers.files(in: directory, count: 1, rows: 64)
        let received = directory.appendingPathComponent("received")
        try FileManager.default.createDirectory(at: received, withIntermediateDirectories: true)
        let (storescp, upstreamPort) = try await Self.tlsStorescp(directory: received, identity: pki.server,
                                                                   peer: ["+cf", pki.caCertificate, "-rc"])
        defer { storescp.stop() }
        try await withEngine(configure: TapPeers.forwarding(to: upstreamPort, tls: UpstreamTLSOptions(trustRootsPath: pki.caCertificate))) { harness in
            let detail = try await Self.storedThroughAnUnreachableUpstream(harness, files.map(\.path))
            #expect(detail.contains("client certificate"), "\(detail)")
        }
        try await withEngine(configure: {
            $0.policy = .accept
            $0.forward = ForwardTarget(host: "127.0.0.1", port: upstreamPort)
            $0.forwardTLS = UpstreamTLSOptions(trustRootsPath: pki.caCertificate, certificatePath: pki.client.certificate,
                                               privateKeyPath: pki.client.key)
        }) { harness in
            let outcome = try await Self.storescu(harness.port, files.map(\.path))
            #expect(outcome.status == 0, "\(outcome.stderr)")
            let names = try FileManager.default.contentsOfDirectory(atPath: received.path)
            #expect(names.contains { $0.hasSuffix(files[0].uid) }, "storescp wrote \(names)")
            let accepted = try #require(await harness.waitFor { $0.accepted != nil }?.accepted)
            #expect(accepted.forward?.tls?.peerCertificateSubject == "O=assocmon test, CN=localhost")
        }
    }

    /// A PACS certificate of the right CA that names another host (subjectAltName DNS:pacs.example only): an IP
    /// address target is checked against the certificate's IP addresses, so the tap reports a hostname mismatch.
    @Test func pacsCertificateForAnotherHostIsUnreachable() async throws {
        let pki = try await TLSTestPKI.shared.get()
        let directory = try TapTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        func path(_ name: String) -> String { directory.appendingPathComponent(name).path }
        try "subjectAltName=DNS:pacs.example\nextendedKeyUsage=serverAuth\n".write(
            toFile: path("named.ext"), atomically: true, encoding: .utf8)
        _ = try TLSTestPKI.openssl(["req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                                    "-keyout", path("named.key"), "-out", path("named.csr"),
                                    "-subj", "/O=assocmon test/CN=pacs.example"])
        _ = try TLSTestPKI.openssl(["x509", "-req", "-in", path("named.csr"), "-CA", pki.caCertificate,
                                    "-CAkey", pki.directory + "/ca.key", "-CAcreateserial",
                                    "-CAserial", path("ca.srl"), "-out", path("named.pem"), "-days", "2",
                                    "-extfile", path("named.ext")])
        let files = try await TapPeers.files(in: directory, count: 1, rows: 64)
        let received = directory.appendingPathComponent("received")
        try FileManager.default.createDirectory(at: received, withIntermediateDirectories: true)
        let named = TLSTestPKI.Identity(certificate: path("named.pem"), key: path("named.key"))
        let (storescp, upstreamPort) = try await Self.tlsStorescp(directory: received, identity: named, peer: ["-ic"])
        defer { storescp.stop() }
        try await withEngine(configure: TapPeers.forwarding(to: upstreamPort, tls: UpstreamTLSOptions(trustRootsPath: pki.caCertificate))) { harness in
            let detail = try await Self.storedThroughAnUnreachableUpstream(harness, files.map(\.path))
            #expect(detail.contains("hostname mismatch") && detail.contains("does not name 127.0.0.1"), "\(detail)")
        }
    }
    /// storescu through the tap when the upstream handshake fails: storescu fails, the requestor is answered 2/3/1
    /// (the default when the upstream gives no association), and the upstream answer is `unreachable`; returns why.
    static func storedThroughAnUnreachableUpstream(_ harness: EngineHarness, _ paths: [String]) async throws -> String {
        let outcome = try await storescu(harness.port, paths)
        #expect(outcome.status != 0)
        let rejected = try #require(await harness.waitFor { $0.rejected != nil }?.rejected)
        #expect((rejected.result, rejected.source, rejected.reason) == (2, 3, 1))
        guard case .unreachable(let detail)? = rejected.forward?.answer else {
            Issue.record("not unreachable: \(String(describing: rejected.forward))")
            return ""
        }
        return detail
    }
}
