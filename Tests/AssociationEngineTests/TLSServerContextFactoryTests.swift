import Foundation
import NIOSSL
import Testing
@testable import AssociationEngine

/// Building the TLS context from files: the profile, mode rules, key-file warnings and clear errors.
@Suite struct TLSServerContextFactoryTests {
    @Test func theProfileOffersOnlyECDHEWithAESGCMForTLS12() async throws {
        let pki = try await TLSTestPKI.shared.get()
        let key = try NIOSSLPrivateKey(file: pki.server.key, format: .pem)
        var configuration = TLSConfiguration.makeServerConfiguration(certificateChain: [], privateKey: .privateKey(key))
        configuration.cipherSuites = TLSProfile.tls12CipherString
        // BoringSSL parses the string back into exactly the four BCP 195 suites.
        #expect(Set(configuration.cipherSuiteValues) == Set(TLSProfile.tls12CipherSuites))
        #expect(TLSProfile.tls12CipherSuites.count == 4)
    }

    @Test func requireAndVerifyNeedACA() async throws {
        let pki = try await TLSTestPKI.shared.get()
        for mode in [PeerCertificateMode.require, .verify] {
            #expect(throws: TLSSetupError.missingTrustRoots(mode)) {
                try TLSServerContextFactory.make(TLSOptions(certificatePath: pki.server.certificate,
                                                            privateKeyPath: pki.server.key, peerCertificateMode: mode))
            }
        }
        let ignore = try TLSServerContextFactory.make(TLSOptions(
            certificatePath: pki.server.certificate, privateKeyPath: pki.server.key, peerCertificateMode: .ignore))
        #expect(ignore.trustRoots.isEmpty)
        #expect(ignore.serverCertificate.subject == "O=assocmon test, CN=localhost")
        #expect(ignore.warnings.isEmpty)
    }

    @Test func aKeyReadableByOthersGivesAWarningAndNeverItsContent() async throws {
        let pki = try await TLSTestPKI.shared.get()
        let copy = pki.directory + "/world-readable-\(UUID().uuidString).key"
        try FileManager.default.copyItem(atPath: pki.server.key, toPath: copy)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: copy)
        let context = try TLSServerContextFactory.make(TLSOptions(
            certificatePath: pki.server.certificate, privateKeyPath: copy, trustRootsPath: pki.caCertificate))
        #expect(context.warnings == [
            "private key \(copy) is readable by group and others (mode 644); restrict it with `chmod 600 \(copy)`",
        ])
        let keyText = try String(contentsOfFile: copy, encoding: .utf8)
        let keyLine = try #require(keyText.split(separator: "\n").dropFirst().first)
        #expect(!context.warnings.joined().contains(keyLine))
    }

    @Test func permissionWarningsByMode() {
        #expect(KeyFilePermissions.warning(path: "k", mode: 0o600) == nil)
        #expect(KeyFilePermissions.warning(path: "k", mode: 0o400) == nil)
        #expect(KeyFilePermissions.warning(path: "k", mode: 0o640)?.contains("readable by group (mode 640)") == true)
        #expect(KeyFilePermissions.warning(path: "k", mode: 0o604)?.contains("readable by others (mode 604)") == true)
    }

    @Test func badFilesGiveErrorsThatNameTheOption() async throws {
        let pki = try await TLSTestPKI.shared.get()
        #expect(throws: TLSSetupError.unreadableFile("--tls-cert", "/nonexistent.pem", "no such file")) {
            try TLSServerContextFactory.make(TLSOptions(certificatePath: "/nonexistent.pem",
                                                        privateKeyPath: pki.server.key, peerCertificateMode: .ignore))
        }
        #expect(throws: TLSSetupError.privateKey(pki.server.certificate)) {
            try TLSServerContextFactory.make(TLSOptions(certificatePath: pki.server.certificate,
                                                        privateKeyPath: pki.server.certificate,
                                                        peerCertificateMode: .ignore))
        }
        #expect(throws: TLSSetupError.certificate(pki.server.key)) {
            try TLSServerContextFactory.make(TLSOptions(certificatePath: pki.server.key,
                                                        privateKeyPath: pki.server.key, peerCertificateMode: .ignore))
        }
        // A key that does not belong to the certificate.
        do {
            _ = try TLSServerContextFactory.make(TLSOptions(certificatePath: pki.server.certificate,
                                                            privateKeyPath: pki.client.key, peerCertificateMode: .ignore))
            Issue.record("mismatched key accepted")
        } catch let error as TLSSetupError {
            #expect(error.description.contains("does --tls-key belong to --tls-cert?"))
        }
    }
}
