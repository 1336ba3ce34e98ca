/// Why the TLS listener could not be set up. Messages say what happened and what to do; they name files but
/// never contain key material.
public struct TLSSetupError: Error, CustomStringConvertible, Equatable {
    enum Code: Equatable {
        case unreadableFile
        case certificate
        case privateKey
        case trustRoots
        case missingTrustRoots
        case context
    }

    let code: Code
    public let description: String

    static func unreadableFile(_ option: String, _ path: String, _ reason: String) -> TLSSetupError {
        TLSSetupError(code: .unreadableFile, description: "\(option) \(path): cannot read the file (\(reason))")
    }

    static func certificate(_ path: String) -> TLSSetupError {
        TLSSetupError(code: .certificate,
                      description: "--tls-cert \(path): no PEM certificate found (expected -----BEGIN CERTIFICATE-----)")
    }

    static func privateKey(_ path: String) -> TLSSetupError {
        TLSSetupError(code: .privateKey, description:
            "--tls-key \(path): not an unencrypted PEM private key (decrypt it with `openssl pkey -in KEY -out NEW`)")
    }

    static func trustRoots(_ path: String) -> TLSSetupError {
        TLSSetupError(code: .trustRoots,
                      description: "--tls-ca \(path): no PEM CA certificate found (expected -----BEGIN CERTIFICATE-----)")
    }

    static func missingTrustRoots(_ mode: PeerCertificateMode) -> TLSSetupError {
        TLSSetupError(code: .missingTrustRoots, description:
            "--peer-cert \(mode.rawValue) needs --tls-ca (the CA that signs client certificates); "
                + "or use --peer-cert ignore")
    }

    static func context(_ detail: String) -> TLSSetupError {
        TLSSetupError(code: .context, description:
            "TLS set-up failed: \(detail) (does --tls-key belong to --tls-cert?)")
    }
}
