import ArgumentParser
import AssociationEngine
import DICOMUpperLayer

/// Tap mode: forward every association to a real SCP and relay it, watching and deciding in between.
struct TapArguments: ParsableArguments {
    @Option(name: .customLong("forward"), help: ArgumentHelp(
        "Forward every association to this SCP and relay it (tap mode); a rules-file forward action picks one per request (default: off).",
        valueName: "host:port"))
    var forward: String?

    @Option(name: .customLong("forward-called-ae"),
            help: ArgumentHelp("Called AE title sent upstream instead of the requestor's (default: unchanged).",
                               valueName: "ae"))
    var forwardCalledAE: String?

    @Option(name: .customLong("forward-timeout"),
            help: "Seconds the upstream may take to connect and answer the A-ASSOCIATE-RQ, \(EngineOptions.format(EngineOptions.timeoutRange)).")
    var forwardTimeout: Double = 10

    @Flag(name: .customLong("tap-store"),
          help: "Keep a Part-10 copy of every C-STORE relayed through the tap, in --storage-dir (default: off).")
    var tapStore = false

    @Flag(name: .customLong("forward-tls"),
          help: "Connect to the upstream SCP over DICOM TLS, verifying its certificate and host name (default: off, plain TCP).")
    var forwardTLS = false

    @Option(name: .customLong("forward-ca"),
            help: ArgumentHelp("CA certificates (PEM) that may sign the upstream's certificate (default: the system's roots).",
                               valueName: "file"))
    var forwardCA: String?

    @Option(name: .customLong("forward-cert"),
            help: ArgumentHelp("Our client certificate for the upstream (PEM, then any intermediate CAs; default: none).",
                               valueName: "file"))
    var forwardCertificate: String?

    @Option(name: .customLong("forward-key"),
            help: ArgumentHelp("Its private key (PEM, unencrypted; read once, never logged; default: none).",
                               valueName: "file"))
    var forwardKey: String?

    func validate() throws {
        if let forward, ForwardTarget(address: forward) == nil {
            throw ValidationError("--forward \(forward): expected HOST:PORT ([IPv6]:PORT) with a port 1…65535")
        }
        if let forwardCalledAE {
            guard forward != nil else { throw ValidationError("--forward-called-ae needs --forward") }
            if let problem = forwardCalledAE.isEmpty ? "is empty" : AETitleSyntax.problem(forwardCalledAE) {
                throw ValidationError("--forward-called-ae \"\(forwardCalledAE)\" \(problem) (PS3.5 AE value representation)")
            }
        }
        if let problem = Self.tlsProblem(tls: forwardTLS, ca: forwardCA, certificate: forwardCertificate,
                                         key: forwardKey) {
            throw ValidationError(problem)
        }
    }

    /// The upstream TLS options' own consistency; `--forward-tls` without any forward target is the engine's check.
    static func tlsProblem(tls: Bool, ca: String?, certificate: String?, key: String?) -> String? {
        if !tls, ca != nil || certificate != nil || key != nil {
            return "--forward-ca, --forward-cert and --forward-key need --forward-tls"
        }
        if (certificate == nil) != (key == nil) { return "--forward-cert and --forward-key go together" }
        return nil
    }

    func apply(to options: inout EngineOptions) {
        options.forward = forward.flatMap { ForwardTarget(address: $0, calledAETitle: forwardCalledAE) }
        options.forwardTimeout = forwardTimeout
        options.tapStore = tapStore
        options.forwardTLS = forwardTLS ? UpstreamTLSOptions(trustRootsPath: forwardCA,
                                                             certificatePath: forwardCertificate,
                                                             privateKeyPath: forwardKey) : nil
    }
}
