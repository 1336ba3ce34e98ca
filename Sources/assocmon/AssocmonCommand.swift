import ArgumentParser
import AssociationEngine
import AssociationEvents
import Foundation
import Logging
import MonitorUI

/// `assocmon`: the engine plus either the curses front or, with `--headless`, JSON lines on stdout/stdin.
@main
struct AssocmonCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assocmon",
        abstract: "A DICOM SCP that shows incoming associations live and lets you accept or reject each one.",
        version: "0.1.0"
    )

    // One group per concern, in the order `--help` lists them; a new option joins the group it belongs to.
    @OptionGroup(title: "Network")
    var network: NetworkArguments

    @OptionGroup(title: "Decisions")
    var decisions: DecisionArguments

    @OptionGroup(title: "Storage")
    var storage: StorageArguments

    @OptionGroup(title: "Queries")
    var queries: QueryArguments

    @OptionGroup(title: "Tap mode")
    var tap: TapArguments

    @OptionGroup(title: "DICOM TLS (PS3.15 Annex B)")
    var tls: TLSArguments

    @OptionGroup(title: "Display")
    var display: DisplayArguments

    @OptionGroup(title: "Diagnostics")
    var diagnostics: DiagnosticArguments

    /// Runs after each group's own `validate()`: the engine's range checks (`EngineOptions.problems`), so the
    /// command line and the engine refuse exactly the same values, with exit status 64 (EX_USAGE).
    func validate() throws {
        if let problem = engineOptions.problems.first { throw ValidationError(problem) }
        if let tlsOptions = tls.options, !tls.noPlain, tlsOptions.port != 0, tlsOptions.port == network.port {
            throw ValidationError("--tls-port and --port are both \(network.port); give them different ports")
        }
        if display.demo, tls.noPlain {
            throw ValidationError("--demo sends on the plain port; it cannot be used with --no-plain")
        }
    }

    var engineOptions: EngineOptions {
        var options = EngineOptions()
        network.apply(to: &options)
        decisions.apply(to: &options)
        storage.apply(to: &options)
        queries.apply(to: &options)
        tap.apply(to: &options)
        options.tls = tls.options
        options.noPlain = tls.noPlain
        // Headless, the elements only go out with --events-data-sets; the curses front always shows them.
        options.listsMessageElements = !display.headless || display.eventsDataSets
        return options
    }

    func run() async throws {
        MallocTuning.apply()
        let logDestination = try LogDestination(path: diagnostics.logFile)
        let level = diagnostics.logLevel
        LoggingSystem.bootstrap { label in DiagnosticLogHandler(label: label, level: level) }
        let logger = Logger(label: "assocmon")
        var options = engineOptions
        // --demo shows tap mode too, unless the user set up forwarding or rules of their own.
        var demoPACS: DemoPACS?
        if display.demo, options.forward == nil, options.rulesFile == nil {
            do {
                let pacs = try await DemoPACS.start(logger: logger)
                options.rulesFile = pacs.rulesFile
                demoPACS = pacs
            } catch {
                logger.warning("--demo: the demo PACS did not start (\(error)); the demo runs without tap mode")
            }
        }
        let engine = AssociationEngine(options: options, logger: logger,
                                       group: AssociationEngine.standaloneEventLoopGroup)
        let auditLog: EventLineWriter?
        do {
            auditLog = try diagnostics.events.map { try EventLineWriter(appendingTo: $0) }
        } catch {
            throw ValidationError("cannot open --events file: \(error)")
        }
        var demo = display.demo
            ? DemoLauncher(seed: display.seed, bind: network.bind, aeTitle: options.aeTitle,
                           decisionTimeout: decisions.decisionTimeout, logger: logger) : nil
        demo?.tapped = demoPACS != nil
        let ended: Result<Void, any Error>
        do {
            if display.headless {
                logDestination.redirectStandardError()
                try await HeadlessRunner(engine: engine, auditLog: auditLog, demo: demo,
                                         eventsDataSets: display.eventsDataSets).run()
            } else {
                try await RunMonitor.run(engine: engine, auditLog: auditLog, noColor: display.noColor,
                                         mouse: display.mouse, history: display.history,
                                         logDestination: logDestination, demo: demo,
                                         eventsDataSets: display.eventsDataSets)
            }
            ended = .success(())
        } catch {
            ended = .failure(error)
        }
        await demoPACS?.stop()
        try ended.get()
    }
}

extension Policy: ExpressibleByArgument {}
extension EngineOptions.TimeoutAction: ExpressibleByArgument {}
extension Logger.Level: @retroactive ExpressibleByArgument {}
