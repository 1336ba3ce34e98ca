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
    }

    func apply(to options: inout EngineOptions) {
        options.forward = forward.flatMap { ForwardTarget(address: $0, calledAETitle: forwardCalledAE) }
        options.forwardTimeout = forwardTimeout
        options.tapStore = tapStore
    }
}
