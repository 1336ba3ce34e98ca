import Dispatch
import Foundation

/// SIGINT/SIGTERM through dispatch sources (the default handlers are ignored while watched), so a graceful
/// stop can run: stop listening, reject waiting requests, let stores finish. `@unchecked`: the sources are set
/// once in `init` and only cancelled afterwards, which dispatch allows from any thread.
final class SignalWatcher: @unchecked Sendable {
    private let sources: [any DispatchSourceSignal]

    /// `handler` gets the signal and how many SIGINT/SIGTERM arrived so far (1 for the first). Handlers run one at
    /// a time on a private serial queue, so the count needs no lock.
    init(_ handler: @escaping @Sendable (Int32, Int) -> Void) {
        var sources: [any DispatchSourceSignal] = []
        let queue = DispatchQueue(label: "assocmon.signals")
        nonisolated(unsafe) var count = 0
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler {
                count += 1
                handler(number, count)
            }
            source.resume()
            sources.append(source)
        }
        self.sources = sources
    }

    func cancel() {
        for source in sources { source.cancel() }
    }
}
