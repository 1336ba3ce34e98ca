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

    static func certificate(_ path: String, option: String = "--tls-cert") -> TLSSetupError {
        TLSSetupError(code: .certificate,
                      description: "\(option) \(path): no PEM certificate found (expected -----BEGIN CERTIFICATE-----)")
    }

    static func privateKey(_ path: String, option: String = "--tls-key") -> TLSSetupError {
        TLSSetupError(code: .privateKey, description:
            "\(option) \(path): not an unencrypted PEM private key (decrypt it with `openssl pkey -in KEY -out NEW`)")
    }

    static func trustRoots(_ path: String, option: String = "--tls-ca") -> TLSSetupError {
        TLSSetupError(code: .trustRoots,
                      description: "\(option) \(path): no PEM CA certificate found (expected -----BEGIN CERTIFICATE-----)")
    }

    static func missingTrustRoots(_ mode: PeerCertificateMode) -> TLSSetupError {
        TLSSetupError(code: .missingTrustRoots, description:
            "--peer-cert \(mode.rawValue) needs --tls-ca (the CA that signs client certificates); "
                + "or use --peer-cert ignore")
    }

    static func context(_ detail: String, keyOption: String = "--tls-key",
                        certificateOption: String = "--tls-cert") -> TLSSetupError {
        TLSSetupError(code: .context, description:
            "TLS set-up failed: \(detail) (does \(keyOption) belong to \(certificateOption)?)")
    }
}
