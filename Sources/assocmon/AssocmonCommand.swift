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

    @Option(help: "TCP port to listen on, \(range(EngineOptions.portRange)) (0 picks a free one and reports it).")
    var port: Int = 11112

    @Option(name: .customLong("ae-title"),
            help: "Our AE title: 1–16 ASCII characters, no backslash; requests to another called AE title are flagged.")
    var aeTitle: String = "ASSOCMON"

    @Flag(name: .customLong("require-called-ae"), help: "Reject requests to another called AE title (1/1/7).")
    var requireCalledAE = false

    @Option(help: "How new requests are decided: ask (hold for a person), accept, reject.")
    var policy: Policy = .ask

    @Option(help: "Ordered accept/reject/ask rules; the first match wins.")
    var rules: String?

    @Option(name: .customLong("decision-timeout"),
            help: "Seconds a request may wait for a decision, \(EngineOptions.format(EngineOptions.timeoutRange)).")
    var decisionTimeout: Double = 25

    @Option(name: .customLong("on-timeout"), help: "What a decision timeout does: reject (2/3/1), accept, abort.")
    var onTimeout: EngineOptions.TimeoutAction = .reject

    @Option(name: .customLong("artim-timeout"),
            help: "ARTIM timer (Sta2 and Sta13), seconds, \(EngineOptions.format(EngineOptions.timeoutRange)).")
    var artimTimeout: Double = 30

    @Option(name: .customLong("max-associations"),
            help: "Associations (connections that sent an A-ASSOCIATE-RQ) open at once, \(range(EngineOptions.connectionLimitRange)); past it, reject 2/3/2.")
    var maxAssociations: Int = 256

    @Option(name: .customLong("max-pending"),
            help: "Connections still without an A-ASSOCIATE-RQ, \(range(EngineOptions.connectionLimitRange)); past it, the oldest is closed.")
    var maxPending: Int = 64

    @Option(name: .customLong("max-per-peer"),
            help: "Connections one peer address may hold, \(range(EngineOptions.connectionLimitRange)); past it, its oldest silent one is closed or its request rejected 2/3/2.")
    var maxPerPeer: Int = 32

    @Option(name: .customLong("max-pdu"),
            help: "Maximum PDU length we receive (advertised in the A-ASSOCIATE-AC), \(range(EngineOptions.maxPDULengthRange)).")
    var maxPDU: Int = 262_144

    @Flag(name: .customLong("accept-unknown-sop-classes"), help: "Accept SOP classes not in the UID dictionary.")
    var acceptUnknownSOPClasses = false

    @Option(name: .customLong("prefer-ts"),
            help: "Transfer syntaxes we prefer, in order: UIDs or PS3.6 keywords, comma-separated.")
    var preferTS: String?

    @Option(name: .customLong("storage-dir"), help: "Where received objects are written.")
    var storageDir: String = "received"

    @Flag(name: .customLong("no-store"), help: "Count received data sets, write nothing.")
    var noStore = false

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

    /// The engine's own range checks (`EngineOptions.problems`), so the command line and the engine refuse exactly
    /// the same values, with exit status 64 (EX_USAGE), before anything is bound.
    func validate() throws {
        if let preferTS {
            let parsed: [String]
            do {
                parsed = try ProposalConfiguration.transferSyntaxes(parsing: preferTS)
            } catch {
                throw ValidationError("\(error)")
            }
            if parsed.isEmpty {
                throw ValidationError("--prefer-ts needs at least one transfer syntax UID or PS3.6 keyword")
            }
        }
        if let problem = engineOptions.problems.first { throw ValidationError(problem) }
        // A rules file that does not parse is operator input too: the same exit status as a bad option.
        if let rules, FileManager.default.fileExists(atPath: rules) {
            do {
                _ = try RuleSet.load(from: rules)
            } catch {
                throw ValidationError("cannot use --rules \(rules): \(error)")
            }
        }
        try tls.validate()
        if let tlsOptions = tls.options, !tls.noPlain, tlsOptions.port != 0, tlsOptions.port == port {
            throw ValidationError("--tls-port and --port are both \(port); give them different ports")
        }
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
        options.maxPending = maxPending
        options.maxPerPeer = maxPerPeer
        options.maxPDULength = maxPDU
        options.acceptUnknownSOPClasses = acceptUnknownSOPClasses
        options.preferredTransferSyntaxes = preferTS.flatMap { try? ProposalConfiguration.transferSyntaxes(parsing: $0) }
            ?? []
        options.storageDirectory = storageDir
        options.noStore = noStore
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
        if headless {
            logDestination.redirectStandardError()
            try await HeadlessRunner(engine: engine, auditLog: auditLog).run()
        } else {
            try await RunMonitor.run(engine: engine, auditLog: auditLog, noColor: noColor, mouse: mouse,
                                     logDestination: logDestination)
        }
    }
}

/// `0…65535` as `--help` shows a range.
func range(_ range: ClosedRange<Int>) -> String { "\(range.lowerBound)…\(range.upperBound)" }

extension Policy: ExpressibleByArgument {}
extension EngineOptions.TimeoutAction: ExpressibleByArgument {}
extension Logger.Level: @retroactive ExpressibleByArgument {}
