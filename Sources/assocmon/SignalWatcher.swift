import Dispatch
import Foundation

/// SIGINT/SIGTERM through dispatch sources (the default handlers are ignored while watched), so a graceful
/// stop can run: stop listening, reject waiting requests, let stores finish. `@unchecked`: the sources are set
/// once in `init` and only cancelled afterwards, which dispatch allows from any thread.
final class SignalWatcher: @unchecked Sendable {
    private let sources: [any DispatchSourceSignal]

    init(_ handler: @escaping @Sendable (Int32) -> Void) {
        var sources: [any DispatchSourceSignal] = []
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { handler(number) }
            source.resume()
            sources.append(source)
        }
        self.sources = sources
    }

    func cancel() {
        for source in sources { source.cancel() }
    }
}
