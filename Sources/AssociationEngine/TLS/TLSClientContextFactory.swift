import Foundation
import NIOSSL

/// Builds the `NIOSSLContext` of tap mode's upstream leg (PS3.15 Annex B) from `UpstreamTLSOptions`, with the same
/// `TLSProfile` as the DICOM TLS port: TLS 1.2 or 1.3, BCP 195 suites only.
///
/// The PACS's certificate is always verified (`fullVerification`): its chain must lead to `--forward-ca` (or a
/// system root without it) and be valid now, and its name must match the `--forward` host — a DNS name in its
/// subjectAltName (or CN) when the host is a name, sent as SNI too; an IP address in its subjectAltName when the
/// host is an address (RFC 6125 §6, RFC 5280 §4.2.1.6).
public enum TLSClientContextFactory {
    public static func make(_ options: UpstreamTLSOptions, now: Date = Date()) throws -> TLSClientContext {
        var warnings: [String] = []
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.minimumTLSVersion = TLSProfile.minimumVersion
        configuration.maximumTLSVersion = TLSProfile.maximumVersion
        configuration.cipherSuites = TLSProfile.tls12CipherString
        configuration.certificateVerification = .fullVerification
        configuration.renegotiationSupport = .none

        var trustRoots: [CertificateFacts]?
        if let path = options.trustRootsPath {
            let bytes = try TLSPEMFile.read(path, option: "--forward-ca")
            let roots = (try? NIOSSLCertificate.fromPEMBytes(bytes)) ?? []
            guard !roots.isEmpty else { throw TLSSetupError.trustRoots(path, option: "--forward-ca") }
            configuration.trustRoots = .certificates(roots)
            trustRoots = roots.map(CertificateFacts.init)
        } else {
            configuration.trustRoots = .default
        }

        var clientCertificate: CertificateFacts?
        if let certificatePath = options.certificatePath, let keyPath = options.privateKeyPath {
            let chainBytes = try TLSPEMFile.read(certificatePath, option: "--forward-cert")
            let chain = (try? NIOSSLCertificate.fromPEMBytes(chainBytes)) ?? []
            guard let leaf = chain.first else { throw TLSSetupError.certificate(certificatePath, option: "--forward-cert") }
            let facts = CertificateFacts(leaf)
            if facts.notAfter < now {
                warnings.append("--forward-cert \(certificatePath) expired on \(facts.notAfter); "
                    + "a PACS that checks it will refuse the connection")
            } else if facts.notBefore > now {
                warnings.append("--forward-cert \(certificatePath) is not valid before \(facts.notBefore)")
            }
            if let warning = KeyFilePermissions.warning(path: keyPath) { warnings.append(warning) }
            let key = try TLSPEMFile.readPrivateKey(keyPath, option: "--forward-key")
            configuration.certificateChain = chain.map { .certificate($0) }
            configuration.privateKey = .privateKey(key)
            clientCertificate = facts
        }

        let context: NIOSSLContext
        do {
            context = try NIOSSLContext(configuration: configuration)
        } catch {
            throw TLSSetupError.context(String(describing: error), keyOption: "--forward-key",
                                        certificateOption: "--forward-cert")
        }
        return TLSClientContext(sslContext: context, trustRoots: trustRoots, clientCertificate: clientCertificate,
                                warnings: warnings)
    }
}
