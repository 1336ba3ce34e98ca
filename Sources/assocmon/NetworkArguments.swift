import ArgumentParser
import AssociationEngine

/// Where assocmon listens, who it is, and how many connections it admits (PS3.8 §9.1.5 ARTIM; `ConnectionRegistry`).
struct NetworkArguments: ParsableArguments {
    @Option(help: "Address to listen on.")
    var bind: String = "0.0.0.0"

    @Option(help: "TCP port to listen on, \(range(EngineOptions.portRange)) (0 picks a free one and reports it).")
    var port: Int = 11112

    @Option(name: .customLong("ae-title"),
            help: "Our AE title: 1–16 ASCII characters, no backslash; requests to another called AE title are flagged.")
    var aeTitle: String = "ASSOCMON"

    @Option(name: .customLong("max-pdu"),
            help: "Maximum PDU length we receive (advertised in the A-ASSOCIATE-AC), \(range(EngineOptions.maxPDULengthRange)).")
    var maxPDU: Int = 262_144

    @Option(name: .customLong("max-associations"),
            help: "Associations (connections that sent an A-ASSOCIATE-RQ) open at once, \(range(EngineOptions.connectionLimitRange)); past it, reject 2/3/2.")
    var maxAssociations: Int = 256

    @Option(name: .customLong("max-pending"),
            help: "Connections still without an A-ASSOCIATE-RQ, \(range(EngineOptions.connectionLimitRange)); past it, the oldest is closed.")
    var maxPending: Int = 64

    @Option(name: .customLong("max-per-peer"),
            help: "Connections one peer address may hold, \(range(EngineOptions.connectionLimitRange)); past it, its oldest silent one is closed or its request rejected 2/3/2.")
    var maxPerPeer: Int = 32

    @Option(name: .customLong("artim-timeout"),
            help: "ARTIM timer (Sta2 and Sta13), seconds, \(EngineOptions.format(EngineOptions.timeoutRange)).")
    var artimTimeout: Double = 30

    func apply(to options: inout EngineOptions) {
        options.bindHost = bind
        options.port = port
        options.aeTitle = aeTitle.trimmingCharacters(in: .whitespaces)
        options.maxPDULength = maxPDU
        options.maxAssociations = maxAssociations
        options.maxPending = maxPending
        options.maxPerPeer = maxPerPeer
        options.artimTimeout = artimTimeout
    }
}

/// `0…65535` as `--help` shows a range.
func range(_ range: ClosedRange<Int>) -> String { "\(range.lowerBound)…\(range.upperBound)" }
