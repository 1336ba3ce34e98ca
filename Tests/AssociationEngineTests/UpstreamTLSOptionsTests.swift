import AssociationEngine
import Foundation
import TestSupport
import Testing

/// The upstream leg's TLS options: what the engine refuses before starting, with messages naming the option,
/// and the words for failed handshakes.
@Suite(.timeLimit(.minutes(1)))
struct UpstreamTLSOptionsTests {
    @Test func forwardTLSNeedsAForwardTarget() {
        var options = EngineOptions()
        options.forwardTLS = UpstreamTLSOptions()
        #expect(options.problems.contains("--forward-tls needs --forward (or a --rules file with forward actions)"))
        options.rulesFile = "/nonexistent/rules"
        #expect(!options.problems.contains { $0.hasPrefix("--forward-tls") })
        options.rulesFile = nil
        options.forward = ForwardTarget(host: "pacs.example", port: 104)
        #expect(!options.problems.contains { $0.hasPrefix("--forward-tls") })
    }

    @Test func forwardCertificateAndKeyGoTogether() {
        var options = EngineOptions()
        options.forward = ForwardTarget(host: "127.0.0.1", port: 104)
        options.forwardTLS = UpstreamTLSOptions(certificatePath: "/tmp/cert.pem")
        #expect(options.problems.contains("--forward-cert and --forward-key go together"))
        options.forwardTLS = UpstreamTLSOptions(privateKeyPath: "/tmp/key.pem")
        #expect(options.problems.contains("--forward-cert and --forward-key go together"))
        options.forwardTLS = UpstreamTLSOptions(certificatePath: "/tmp/cert.pem", privateKeyPath: "/tmp/key.pem")
        #expect(options.problems.isEmpty, "\(options.problems)")
    }

    /// A bad file stops the start, naming the option and the file.
    @Test func badFilesAreStartErrorsNamingTheOption() async throws {
        let pki = try await TLSTestPKI.shared.get()
        let cases: [(UpstreamTLSOptions, String)] = [
            (UpstreamTLSOptions(trustRootsPath: "/nonexistent/ca.pem"),
             "--forward-ca /nonexistent/ca.pem: cannot read the file (no such file)"),
            (UpstreamTLSOptions(trustRootsPath: pki.server.key),
             "--forward-ca \(pki.server.key): no PEM CA certificate found"),
            (UpstreamTLSOptions(certificatePath: pki.client.key, privateKeyPath: pki.client.key),
             "--forward-cert \(pki.client.key): no PEM certificate found"),
            (UpstreamTLSOptions(certificatePath: pki.client.certificate, privateKeyPath: pki.client.certificate),
             "--forward-key \(pki.client.certificate): not an unencrypted PEM private key"),
            (UpstreamTLSOptions(certificatePath: pki.client.certificate, privateKeyPath: pki.server.key),
             "does --forward-key belong to --forward-cert?"),
        ]
        for (tls, expected) in cases {
            var options = EngineOptions()
            options.bindHost = "127.0.0.1"
            options.port = 0
            options.noStore = true
            options.forward = ForwardTarget(host: "127.0.0.1", port: 104)
            options.forwardTLS = tls
            let engine = AssociationEngine(options: options)
            do throws(EngineError) {
                try await engine.start()
                Issue.record("start succeeded with \(tls)")
            } catch {
                #expect(error.description.contains(expected), "\(error.description)")
                #expect(error.description.hasPrefix("cannot forward over DICOM TLS: "))
            }
            await engine.shutdown()
        }
    }

    @Test func aGoodClientContextBuilds() async throws {
        let pki = try await TLSTestPKI.shared.get()
        let context = try TLSClientContextFactory.make(UpstreamTLSOptions(
            trustRootsPath: pki.caCertificate, certificatePath: pki.client.certificate, privateKeyPath: pki.client.key))
        #expect(context.trustRoots?.map(\.subject) == ["O=assocmon test, CN=Test CA"])
        #expect(context.clientCertificate?.subject == TLSTestPKI.clientSubject)
        #expect(context.warnings.isEmpty, "\(context.warnings)")
        let system = try TLSClientContextFactory.make(UpstreamTLSOptions())
        #expect(system.trustRoots == nil && system.clientCertificate == nil)
    }

    static let now = Date(timeIntervalSince1970: 1_800_000_000)
    static let roots = [CertificateFacts(subject: "O=Site, CN=Site CA", issuer: "O=Site, CN=Site CA",
                                         notBefore: .distantPast, notAfter: .distantFuture)]
    static func pacs(issuer: String = "O=Site, CN=Site CA", notBefore: Date = .distantPast,
                     notAfter: Date = .distantFuture) -> CertificateFacts {
        CertificateFacts(subject: "CN=pacs.example", issuer: issuer, notBefore: notBefore, notAfter: notAfter)
    }

    static func reason(_ error: String?, _ certificate: CertificateFacts? = nil,
                       roots: [CertificateFacts]? = roots) -> String {
        UpstreamTLSFailureClassifier.reason(error: error, peerCertificate: certificate, trustRoots: roots,
                                            host: "pacs.example", now: now)
    }

    static let verifyFailed = "handshakeFailed(sslError([Error: 268435581 error:1000007d:SSL routines:"
        + "OPENSSL_internal:CERTIFICATE_VERIFY_FAILED]))"

    @Test func failureReasonsInWords() {
        #expect(Self.reason(Self.verifyFailed, Self.pacs(issuer: "O=Elsewhere, CN=Other CA")).hasPrefix(
            "the PACS's certificate is signed by an unknown CA (issuer O=Elsewhere, CN=Other CA"))
        #expect(Self.reason(Self.verifyFailed, Self.pacs(issuer: "O=Elsewhere, CN=Other CA"), roots: nil)
            .contains("a CA the system does not trust"))
        #expect(Self.reason(Self.verifyFailed, Self.pacs(notAfter: Self.now - 86_400 * 30)).hasPrefix(
            "the PACS's certificate expired on 2026-12-"))
        #expect(Self.reason(Self.verifyFailed, Self.pacs(notBefore: Self.now + 86_400 * 30)).hasPrefix(
            "the PACS's certificate is not valid before"))
        #expect(Self.reason(Self.verifyFailed) == "the PACS's certificate failed verification against --forward-ca")
        #expect(Self.reason("NIOSSLExtraError.failedToValidateHostname: Couldn't find pacs.example in certificate "
            + "from peer", Self.pacs()) == "hostname mismatch: the PACS's certificate (subject CN=pacs.example) "
            + "does not name pacs.example")
        #expect(Self.reason("sslError([Error: 1 error:1:SSL routines:OPENSSL_internal:SSLV3_ALERT_HANDSHAKE_FAILURE])")
            .contains("no cipher suite in common, or it requires a client certificate"))
        #expect(Self.reason("sslError([Error: 1 error:1:SSL routines:OPENSSL_internal:TLSV1_ALERT_CERTIFICATE_REQUIRED])")
            .hasPrefix("the PACS requires a client certificate"))
        #expect(Self.reason("sslError([Error: 1 error:1:SSL routines:OPENSSL_internal:TLSV1_ALERT_UNKNOWN_CA])")
            == "the PACS refused our client certificate (TLS alert: unknown ca)")
        #expect(Self.reason("sslError([Error: 1 error:1:SSL routines:OPENSSL_internal:WRONG_VERSION_NUMBER])")
            .hasPrefix("the PACS did not answer in TLS"))
        #expect(Self.reason("read(descriptor:pointer:size:): connection reset by peer) (errno: 104)")
            .hasPrefix("the PACS reset the connection during the TLS handshake (is its port a plain DICOM port?)"))
        #expect(Self.reason(nil).hasPrefix("the PACS closed the connection during the TLS handshake"))
    }
}
