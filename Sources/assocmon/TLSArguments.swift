import ArgumentParser
import AssociationEngine

/// The DICOM TLS options (PS3.15 Annex B): a second listener beside the plain port, or alone with `--no-plain`.
struct TLSArguments: ParsableArguments {
    @Option(name: .customLong("tls-port"), help: "DICOM TLS port, \(range(EngineOptions.portRange)) (default: 2762 when --tls-cert is given).")
    var port: Int?

    @Option(name: .customLong("tls-cert"), help: "Our certificate (PEM, then any intermediate CAs); turns TLS on (default: none, plain TCP only).")
    var certificate: String?

    @Option(name: .customLong("tls-key"), help: "Its private key (PEM, unencrypted; read once, never logged; default: none).")
    var key: String?

    @Option(name: .customLong("tls-ca"), help: "CA certificates (PEM) that sign acceptable client certificates (default: none).")
    var ca: String?

    @Option(name: .customLong("peer-cert"),
            help: "Client certificates: require (a valid one is mandatory), verify (checked when presented), ignore.")
    var peerCertificate: PeerCertificateMode = .require

    @Flag(name: .customLong("no-plain"), help: "Serve the TLS port only (default: off).")
    var noPlain = false

    func validate() throws {
        if let port, !EngineOptions.portRange.contains(port) {
            throw ValidationError("--tls-port must be in \(range(EngineOptions.portRange)), not \(port)")
        }
        guard certificate != nil || key != nil else {
            if port != nil || ca != nil || noPlain {
                throw ValidationError("--tls-port, --tls-ca and --no-plain need --tls-cert and --tls-key")
            }
            return
        }
        guard certificate != nil, key != nil else { throw ValidationError("--tls-cert and --tls-key go together") }
        if peerCertificate != .ignore, ca == nil {
            throw ValidationError("--peer-cert \(peerCertificate.rawValue) needs --tls-ca (or use --peer-cert ignore)")
        }
    }

    var options: TLSOptions? {
        guard let certificate, let key else { return nil }
        return TLSOptions(port: port ?? TLSOptions.defaultPort, certificatePath: certificate, privateKeyPath: key,
                          trustRootsPath: ca, peerCertificateMode: peerCertificate)
    }
}

extension PeerCertificateMode: ExpressibleByArgument {}
