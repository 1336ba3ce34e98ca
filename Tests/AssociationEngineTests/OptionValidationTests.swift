import AssociationEngine
import Foundation
import TestSupport
import Testing

/// Every option an operator types is checked before anything starts: the `assocmon` binary exits with status 64
/// (EX_USAGE) and one sentence naming the option and its range; the engine refuses the same values from any
/// API caller instead of trapping on an event loop.
@Suite(.timeLimit(.minutes(1)))
struct OptionValidationTests {
    @Test(arguments: [
        (["--decision-timeout", "inf"], "--decision-timeout must be a number of seconds in 0.001…86400, not inf"),
        (["--decision-timeout", "1e10"], "--decision-timeout must be a number of seconds in 0.001…86400"),
        (["--decision-timeout", "nan"], "--decision-timeout must be a number of seconds in 0.001…86400, not nan"),
        (["--decision-timeout", "0"], "--decision-timeout must be a number of seconds"),
        (["--decision-timeout=-5"], "--decision-timeout must be a number of seconds"),
        (["--artim-timeout", "inf"], "--artim-timeout must be a number of seconds in 0.001…86400, not inf"),
        (["--artim-timeout", "1e10"], "--artim-timeout must be a number of seconds"),
        (["--artim-timeout", "0.0000001"], "--artim-timeout must be a number of seconds"),
        (["--port", "70000"], "--port must be in 0…65535, not 70000"),
        (["--port=-1"], "--port must be in 0…65535, not -1"),
        (["--max-pdu", "0"], "--max-pdu must be in 4096…2147483647, not 0"),
        (["--max-pdu", "3000000000"], "--max-pdu must be in 4096…2147483647"),
        (["--max-associations", "0"], "--max-associations must be in 1…100000, not 0"),
        (["--max-associations=-3"], "--max-associations must be in 1…100000, not -3"),
        (["--max-associations", "10000000"], "--max-associations must be in 1…100000, not 10000000"),
        (["--max-pending", "0"], "--max-pending must be in 1…100000, not 0"),
        (["--max-per-peer", "1000000"], "--max-per-peer must be in 1…100000"),
        (["--ae-title", ""], "--ae-title \"\" is empty"),
        (["--ae-title", "   "], "is empty"),
        (["--ae-title", "ABCDEFGHIJKLMNOPQ"], "is 17 characters long; at most 16"),
        (["--ae-title", "ÄRZTE"], "has a character \"Ä\""),
        (["--ae-title", "A\\B"], "has a character \"\\\""),
        (["--ae-title", "A\u{1}B"], "has a control character"),
        (["--prefer-ts", "not-a-uid"], "--prefer-ts: \"not-a-uid\" is neither a transfer syntax UID nor"),
        (["--prefer-ts", ""], "--prefer-ts needs at least one transfer syntax"),
        (["--prefer-ts", " , ,"], "--prefer-ts needs at least one transfer syntax"),
        (["--tls-port", "70000", "--tls-cert", "c.pem", "--tls-key", "k.pem", "--peer-cert", "ignore"],
         "--tls-port must be in 0…65535, not 70000"),
        (["--port", "11112", "--tls-port", "11112", "--tls-cert", "c.pem", "--tls-key", "k.pem", "--peer-cert", "ignore"],
         "--tls-port and --port are both 11112; give them different ports"),
    ])
    func badValueIsAUsageError(arguments: [String], message: String) async throws {
        let running = try HeadlessTests.Running(["--bind", "127.0.0.1", "--port", "0", "--no-store"] + arguments)
        let status = await running.waitForExit(.seconds(5))
        #expect(status == 64, "\(arguments) → \(String(describing: status)): \(running.stderr)")
        #expect(running.stderr.contains(message), "\(running.stderr)")
        #expect(running.output.isEmpty, "nothing was started")
    }

    @Test func rangesAreShownInHelp() async throws {
        let outcome = try await Subprocess.run(try BuiltProducts.executable("assocmon"), ["--help"], timeout: .seconds(10))
        #expect(outcome.status == 0)
        let help = outcome.stdout.replacingOccurrences(of: "\n", with: " ")
            .replacingOccurrences(of: #" +"#, with: " ", options: .regularExpression)
        for text in ["0.001…86400", "0…65535", "4096…2147483647", "1…100000", "1–16 ASCII characters"] {
            #expect(help.contains(text), "\(text) in: \(help)")
        }
    }

    @Test func helpIsGroupedAndShowsEveryDefault() async throws {
        let outcome = try await Subprocess.run(try BuiltProducts.executable("assocmon"), ["--help"], timeout: .seconds(10))
        #expect(outcome.status == 0)
        let sections = outcome.stdout.components(separatedBy: "\n\n")
        let titles = sections.compactMap { $0.split(separator: "\n").first.map(String.init) }
        #expect(Array(titles.drop { $0 != "NETWORK:" }.prefix(8)) == [
            "NETWORK:", "DECISIONS:", "STORAGE:", "QUERIES:", "TAP MODE:", "DICOM TLS (PS3.15 ANNEX B):", "DISPLAY:",
            "DIAGNOSTICS:",
        ])
        // Every option of the groups says its default (the built-in --help and --version have none).
        for section in sections where !section.hasPrefix("OPTIONS:") && !section.hasPrefix("OVERVIEW:")
            && !section.hasPrefix("USAGE:") {
            let entries = section.components(separatedBy: "\n  --").dropFirst()
            for entry in entries {
                let text = entry.replacingOccurrences(of: "\n", with: " ")
                #expect(text.contains("default"), "no default shown for --\(text)")
            }
        }
    }

    @Test(arguments: [
        { (o: inout EngineOptions) in o.decisionTimeout = .infinity },
        { (o: inout EngineOptions) in o.decisionTimeout = 1e10 },
        { (o: inout EngineOptions) in o.artimTimeout = .nan },
        { (o: inout EngineOptions) in o.artimTimeout = -1 },
        { (o: inout EngineOptions) in o.shutdownGrace = .infinity },
        { (o: inout EngineOptions) in o.maxPending = 0 },
        { (o: inout EngineOptions) in o.maxPDULength = 0 },
        { (o: inout EngineOptions) in o.aeTitle = "TOO LONG FOR AN AE" },
    ] as [@Sendable (inout EngineOptions) -> Void])
    func engineRefusesOutOfRangeOptionsAtStart(configure: @Sendable (inout EngineOptions) -> Void) async {
        var options = EngineOptions()
        options.bindHost = "127.0.0.1"
        options.port = 0
        options.noStore = true
        configure(&options)
        let engine = AssociationEngine(options: options)
        await #expect(throws: EngineError.self) { try await engine.start() }
        #expect(engine.port == nil, "nothing was bound")
    }
}
