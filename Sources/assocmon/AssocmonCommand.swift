import ArgumentParser
import AssociationEngine
import Foundation
import Logging

/// `assocmon`: the engine plus either the curses front or, with `--headless`, JSON lines on stdout/stdin.
@main
struct AssocmonCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assocmon",
        abstract: "A DICOM SCP that shows incoming associations live and lets you accept or reject each one.",
        version: "0.1.0"
    )

    @Option(help: "Address to listen on.")
    var bind: String = "0.0.0.0"

    @Option(help: "TCP port to listen on (0 picks a free one and reports it).")
    var port: Int = 11112

    @Option(name: .customLong("ae-title"), help: "Our AE title; requests to another called AE title are flagged.")
    var aeTitle: String = "ASSOCMON"

    @Flag(name: .customLong("require-called-ae"), help: "Reject requests to another called AE title (1/1/7).")
    var requireCalledAE = false

    @Option(help: "How new requests are decided: ask (hold for a person), accept, reject.")
    var policy: Policy = .ask

    @Option(help: "Ordered accept/reject/ask rules; the first match wins.")
    var rules: String?

    @Option(name: .customLong("decision-timeout"), help: "Seconds a request may wait for a decision.")
    var decisionTimeout: Double = 25

    @Option(name: .customLong("on-timeout"), help: "What a decision timeout does: reject (2/3/1), accept, abort.")
    var onTimeout: EngineOptions.TimeoutAction = .reject

    @Option(name: .customLong("artim-timeout"), help: "ARTIM timer in seconds (Sta2 and Sta13).")
    var artimTimeout: Double = 30

    @Option(name: .customLong("max-associations"), help: "Open associations allowed; past it, reject 2/3/2.")
    var maxAssociations: Int = 256

    @Option(name: .customLong("max-pdu"), help: "Maximum PDU length we receive (advertised in the A-ASSOCIATE-AC).")
    var maxPDU: Int = 262_144

    @Flag(name: .customLong("accept-unknown-sop-classes"), help: "Accept SOP classes not in the UID dictionary.")
    var acceptUnknownSOPClasses = false

    @Flag(name: .customLong("accept-unknown-transfer-syntaxes"),
          help: "Accept, for storage, transfer syntaxes not in the UID dictionary (stored bit-preserving).")
    var acceptUnknownTransferSyntaxes = false

    @Option(name: .customLong("prefer-ts"),
            help: "Transfer syntaxes we prefer, in order: UIDs or PS3.6 keywords, comma-separated.")
    var preferTS: String?

    @Option(name: .customLong("storage-dir"), help: "Where received objects are written.")
    var storageDir: String = "received"

    @Flag(name: .customLong("no-store"), help: "Count received data sets, write nothing.")
    var noStore = false

    @Option(name: .customLong("sync"),
            help: ArgumentHelp("When stored files reach stable storage: release (before the A-RELEASE-RP), each "
                + "(before every C-STORE-RSP) or none (never forced, like storescp)."))
    var sync: StorageSyncMode = .release

    @OptionGroup(title: "DICOM TLS (PS3.15 Annex B)")
    var tls: TLSArguments

    @Flag(help: "No curses: events as JSON lines on stdout, commands as JSON lines on stdin.")
    var headless = false

    @Flag(name: .customLong("no-color"), help: "Monochrome front (also when NO_COLOR is set).")
    var noColor = false

    @Flag(help: "Let mouse clicks select rows and tabs in the front.")
    var mouse = false

    @Option(help: "Also append every event as a JSON line to this file (audit log).")
    var events: String?

    @Option(name: .customLong("log-file"),
            help: "Append diagnostics (see --log-level) to this file instead of stderr; with the curses front, the only way to keep them.")
    var logFile: String?

    @Option(name: .customLong("log-level"), help: "Diagnostics on stderr: trace, debug, info, notice, warning, error.")
    var logLevel: Logger.Level = .info

    @Flag(help: "Send built-in demo traffic to ourselves over loopback (stores, echoes, rejects, an abort).")
    var demo = false

    @Option(help: "With --demo: the seed of the demo stream; the same seed sends the same stream (default: 1).")
    var seed: UInt64?

    func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be 0…65535") }
        // Never advertise 0 ("unlimited"): it breaks naive peers (PROTOCOL.md pitfall 1).
        guard (4_096...0x7FFF_FFFF).contains(maxPDU) else { throw ValidationError("--max-pdu must be 4096…2147483647") }
        if let preferTS {
            do {
                _ = try ProposalConfiguration.transferSyntaxes(parsing: preferTS)
            } catch {
                throw ValidationError("--prefer-ts: \(error)")
            }
        }
        guard maxAssociations >= 1 else { throw ValidationError("--max-associations must be at least 1") }
        guard decisionTimeout > 0, artimTimeout > 0 else { throw ValidationError("timeouts must be positive") }
        let title = aeTitle.trimmingCharacters(in: .whitespaces)
        guard !title.isEmpty, title.utf8.count <= 16 else { throw ValidationError("--ae-title must be 1–16 characters") }
        try tls.validate()
        if seed != nil, !demo { throw ValidationError("--seed only applies with --demo") }
        if demo, tls.noPlain { throw ValidationError("--demo sends on the plain port; it cannot be used with --no-plain") }
    }

    var engineOptions: EngineOptions {
        var options = EngineOptions()
        options.bindHost = bind
        options.port = port
        options.aeTitle = aeTitle.trimmingCharacters(in: .whitespaces)
        options.requireCalledAETitle = requireCalledAE
        options.policy = policy
        options.rulesFile = rules
        options.decisionTimeout = decisionTimeout
        options.onTimeout = onTimeout
        options.artimTimeout = artimTimeout
        options.maxAssociations = maxAssociations
        options.maxPDULength = maxPDU
        options.acceptUnknownSOPClasses = acceptUnknownSOPClasses
        options.acceptUnknownTransferSyntaxes = acceptUnknownTransferSyntaxes
        options.preferredTransferSyntaxes = preferTS.flatMap { try? ProposalConfiguration.transferSyntaxes(parsing: $0) }
            ?? []
        options.storageDirectory = storageDir
        options.noStore = noStore
        options.storageSync = sync
        options.tls = tls.options
        options.noPlain = tls.noPlain
        return options
    }

    func run() async throws {
        let logDestination = try LogDestination(path: logFile)
        let level = logLevel
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "assocmon")
        let engine = AssociationEngine(options: engineOptions, logger: logger,
                                       group: AssociationEngine.standaloneEventLoopGroup)
        let auditLog: EventLineWriter?
        do {
            auditLog = try events.map { try EventLineWriter(appendingTo: $0) }
        } catch {
            throw ValidationError("cannot open --events file: \(error)")
        }
        let demo = demo ? DemoLauncher(seed: seed, bind: bind, aeTitle: engineOptions.aeTitle,
                                       decisionTimeout: decisionTimeout, logger: logger) : nil
        if headless {
            logDestination.redirectStandardError()
            try await HeadlessRunner(engine: engine, auditLog: auditLog, demo: demo).run()
        } else {
            try await RunMonitor.run(engine: engine, auditLog: auditLog, noColor: noColor, mouse: mouse,
                                     logDestination: logDestination, demo: demo)
        }
    }
}

extension Policy: ExpressibleByArgument {}
extension EngineOptions.TimeoutAction: ExpressibleByArgument {}
extension StorageSyncMode: ExpressibleByArgument {}
extension Logger.Level: @retroactive ExpressibleByArgument {}
