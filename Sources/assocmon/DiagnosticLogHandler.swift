import Foundation
import Logging

/// The swift-log handler for assocmon's diagnostics: one line per message on stderr, in the layout of swift-log's
/// `StreamLogHandler` (`2026-12-06T15:32:58+0000 info assocmon: association=7 [AssociationEngine] message`).
///
/// It differs in one respect that matters at thousands of associations a second: metadata is formatted when a line
/// is written, not when it is set. Every connection gives its logger an `association` key; `StreamLogHandler`
/// re-renders its whole metadata string on every such change (a `didSet`), which showed as 1.5 % of the event
/// loop's time in `perf record` while associations arrived one after another at the default `--log-level info`,
/// where nearly none of those loggers ever writes a line.
struct DiagnosticLogHandler: LogHandler {
    let label: String
    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]

    init(label: String, level: Logger.Level) {
        self.label = label
        self.logLevel = level
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var merged = metadata
        if let extra = event.metadata, !extra.isEmpty {
            merged.merge(extra) { _, new in new }
        }
        var line = "\(Self.timestamp()) \(event.level)"
        if !label.isEmpty { line += " \(label)" }
        line += ":"
        if !merged.isEmpty {
            line += " " + merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        }
        line += " [\(event.source)] \(event.message)\n"
        Self.write(line)
    }

    /// One write(2) per line, so lines from several event loops never interleave mid-line.
    private static func write(_ line: String) {
        var bytes = Array(line.utf8)
        bytes.withUnsafeMutableBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Foundation.write(STDERR_FILENO, buffer.baseAddress! + offset, buffer.count - offset)
                if written > 0 {
                    offset += written
                } else if written < 0, errno == EINTR {
                    continue
                } else {
                    return  // stderr closed or full: a diagnostic is not worth blocking or failing for
                }
            }
        }
    }

    private static func timestamp() -> String {
        var now = time(nil)
        var parts = tm()
        localtime_r(&now, &parts)
        var text = [CChar](repeating: 0, count: 32)
        let length = strftime(&text, text.count, "%Y-%m-%dT%H:%M:%S%z", &parts)
        return String(decoding: text[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
