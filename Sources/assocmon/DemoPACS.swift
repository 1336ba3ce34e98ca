import AssociationEngine
import DemoTraffic
import Foundation
import Logging

/// `--demo` without `--forward` or `--rules`: a second engine in this process, on an ephemeral loopback port, plays
/// the PACS that one demo requestor is forwarded to, so the demo shows tap mode too (the PACS's answer beside the
/// held request, relayed messages with their response times). The forwarding comes from a rules file of one
/// `forward` rule written for this run, the same way a user would set it up. The PACS accepts every association,
/// answers C-ECHO, and C-STORE without writing files; nobody watches its own events, which are read and dropped.
struct DemoPACS {
    static let aeTitle = "DEMO_PACS"

    let engine: AssociationEngine
    let port: Int
    /// The rules file the main engine reads (`--rules`); removed by `remove()`.
    let rulesFile: String

    static func start(logger: Logger) async throws -> DemoPACS {
        var options = EngineOptions()
        options.bindHost = "127.0.0.1"
        options.port = 0
        options.aeTitle = aeTitle
        options.policy = .accept
        options.noStore = true
        var quiet = logger
        quiet.logLevel = max(logger.logLevel, .warning)
        let engine = AssociationEngine(options: options, logger: quiet, group: AssociationEngine.standaloneEventLoopGroup)
        let port = try await engine.start()
        Task { for await _ in engine.events {} }
        let rulesFile = NSTemporaryDirectory() + "assocmon-demo-\(getpid())-\(port).rules"
        let rules = """
            # assocmon --demo: the requestor \(DemoTraffic.tappedCallingAETitle) is forwarded to the demo PACS in this process
            forward 127.0.0.1:\(port) called-ae \(aeTitle) calling=\(DemoTraffic.tappedCallingAETitle)

            """
        try rules.write(toFile: rulesFile, atomically: true, encoding: .utf8)
        return DemoPACS(engine: engine, port: port, rulesFile: rulesFile)
    }

    func stop() async {
        await engine.shutdown(reason: "demo ended")
        try? FileManager.default.removeItem(atPath: rulesFile)
    }
}
