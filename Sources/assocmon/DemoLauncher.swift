import DemoTraffic
import Foundation
import Logging

/// `--demo [--seed N]`: once the engine listens, runs the built-in requestors against it on loopback (or on the
/// `--bind` address when that is a specific one). Without `--seed` the stream of seed 1 is sent, so every
/// `--demo` shows the same traffic; other seeds vary the requestors' timing, patients, image counts and UIDs.
struct DemoLauncher: Sendable {
    let seed: UInt64
    let host: String
    let aeTitle: String
    /// Longer than `--decision-timeout`: an undecided request is ended by the SCP, not by the requestor.
    let answerTimeout: Duration
    /// The stream includes the requestor forwarded to the demo PACS.
    var tapped = false
    let logger: Logger

    init(seed: UInt64?, bind: String, aeTitle: String, decisionTimeout: Double, logger: Logger) {
        self.seed = seed ?? 1
        host = ["0.0.0.0", "::", ""].contains(bind) ? "127.0.0.1" : bind
        self.aeTitle = aeTitle
        answerTimeout = .milliseconds(Int64((decisionTimeout + 10) * 1000))
        self.logger = logger
    }

    func start(port: Int?) {
        guard let port else { return }
        let traffic = DemoTraffic(host: host, port: port, seed: seed, calledAETitle: aeTitle,
                                  answerTimeout: answerTimeout, tapped: tapped)
        let logger = self.logger
        logger.notice("demo traffic to \(host):\(port), seed \(seed) (--demo --seed \(seed) repeats it)")
        Task {
            await traffic.run { message in logger.warning("\(message)") }
            logger.notice("demo traffic sent")
        }
    }
}
