import Foundation
import NIOSSL

/// Builds the `NIOSSLContext` of the DICOM TLS port (PS3.15 Annex B) from `TLSOptions`: `TLSProfile` versions and
/// suites, our certificate chain and key, and client-certificate verification per `PeerCertificateMode`.
///
/// The private key file is read exactly once, into memory handed to BoringSSL; its bytes are overwritten
/// afterwards and never appear in an error, log or event.
public enum TLSServerContextFactory {
    public static func make(_ options: TLSOptions, now: Date = Date()) throws -> TLSServerContext {
        var warnings: [String] = []

        let chainBytes = try TLSPEMFile.read(options.certificatePath, option: "--tls-cert")
        let chain = (try? NIOSSLCertificate.fromPEMBytes(chainBytes)) ?? []
        guard let leaf = chain.first else { throw TLSSetupError.certificate(options.certificatePath) }
        let serverCertificate = CertificateFacts(leaf)
        if serverCertificate.notAfter < now {
            warnings.append("--tls-cert \(options.certificatePath) expired on \(serverCertificate.notAfter); "
                + "clients that check it will refuse the TLS port")
        } else if serverCertificate.notBefore > now {
            warnings.append("--tls-cert \(options.certificatePath) is not valid before \(serverCertificate.notBefore)")
        }

        if let warning = KeyFilePermissions.warning(path: options.privateKeyPath) { warnings.append(warning) }
        let key = try TLSPEMFile.readPrivateKey(options.privateKeyPath, option: "--tls-key")

        var trustRoots: [NIOSSLCertificate] = []
        if let path = options.trustRootsPath {
            let rootBytes = try TLSPEMFile.read(path, option: "--tls-ca")
            trustRoots = (try? NIOSSLCertificate.fromPEMBytes(rootBytes)) ?? []
            guard !trustRoots.isEmpty else { throw TLSSetupError.trustRoots(path) }
        } else if options.peerCertificateMode.needsTrustRoots {
            throw TLSSetupError.missingTrustRoots(options.peerCertificateMode)
        }

        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
        configuration.minimumTLSVersion = TLSProfile.minimumVersion
        configuration.maximumTLSVersion = TLSProfile.maximumVersion
        configuration.cipherSuites = TLSProfile.tls12CipherString
        configuration.certificateVerification = options.peerCertificateMode.certificateVerification
        configuration.renegotiationSupport = .none
        if options.peerCertificateMode.needsTrustRoots {
            configuration.trustRoots = .certificates(trustRoots)
            // Tell clients which CAs we accept, so one holding several certificates picks the right one.
            configuration.sendCANameList = true
        }

        let context: NIOSSLContext
        do {
            context = try NIOSSLContext(configuration: configuration)
        } catch {
            throw TLSSetupError.context(String(describing: error))
        }
        return TLSServerContext(sslContext: context, peerCertificateMode: options.peerCertificateMode,
                                trustRoots: trustRoots.map(CertificateFacts.init), serverCertificate: serverCertificate,
                                warnings: warnings)
    }
}
