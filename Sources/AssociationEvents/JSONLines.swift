import Foundation

/// Encoding and decoding of the headless JSON-lines contract: one object per line, `"event"` (or `"command"`)
/// first, then the payload's fields in declaration order; ISO-8601 UTC times with milliseconds
/// (`2026-11-25T14:00:00.123Z`).
public enum JSONLines {
    static func makeDecoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let text = try decoder.singleValueContainer().decode(String.self)
            guard let date = parseTime(text) else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                        debugDescription: "not an ISO-8601 time: \(text)"))
            }
            return date
        }
        return decoder
    }

    /// `2026-11-25T14:00:00.123Z`.
    /// Rounded to the nearest millisecond (a formatter would truncate 0.123 stored as 0.12299… to ".122").
    /// Hand-formatted with `gmtime_r`: this runs for every event, and `Date.FormatStyle` costs ~10 µs a call.
    public static func formatTime(_ date: Date) -> String {
        let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded())
        var seconds = time_t(milliseconds.quotientAndRemainder(dividingBy: 1000).quotient)
        var fraction = Int(milliseconds.quotientAndRemainder(dividingBy: 1000).remainder)
        if fraction < 0 { fraction += 1000; seconds -= 1 }
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func pad(_ value: Int32, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return pad(parts.tm_year + 1900, 4) + "-" + pad(parts.tm_mon + 1, 2) + "-" + pad(parts.tm_mday, 2) + "T"
            + pad(parts.tm_hour, 2) + ":" + pad(parts.tm_min, 2) + ":" + pad(parts.tm_sec, 2) + "."
            + pad(Int32(fraction), 3) + "Z"
    }

    /// `formatTime` written straight into a byte buffer (the hot event path; no `String`s).
    static func appendTime(_ date: Date, to out: inout [UInt8]) {
        let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded())
        var seconds = time_t(milliseconds.quotientAndRemainder(dividingBy: 1000).quotient)
        var fraction = Int(milliseconds.quotientAndRemainder(dividingBy: 1000).remainder)
        if fraction < 0 { fraction += 1000; seconds -= 1 }
        var parts = tm()
        gmtime_r(&seconds, &parts)
        let year = Int(parts.tm_year) + 1900
        guard (0...9999).contains(year) else {
            out.append(contentsOf: formatTime(date).utf8)
            return
        }
        func digits(_ value: Int, _ width: Int) {
            var divisor = 1
            for _ in 1..<width { divisor *= 10 }
            var value = value
            while divisor > 0 {
                out.append(UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: value / divisor))
                value %= divisor
                divisor /= 10
            }
        }
        digits(year, 4); out.append(UInt8(ascii: "-"))
        digits(Int(parts.tm_mon) + 1, 2); out.append(UInt8(ascii: "-"))
        digits(Int(parts.tm_mday), 2); out.append(UInt8(ascii: "T"))
        digits(Int(parts.tm_hour), 2); out.append(UInt8(ascii: ":"))
        digits(Int(parts.tm_min), 2); out.append(UInt8(ascii: ":"))
        digits(Int(parts.tm_sec), 2); out.append(UInt8(ascii: "."))
        digits(fraction, 3); out.append(UInt8(ascii: "Z"))
    }

    static func parseTime(_ text: String) -> Date? {
        (try? Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt).parse(text))
            ?? (try? Date.ISO8601FormatStyle(timeZone: .gmt).parse(text))
    }

    /// One event as one line, without the trailing newline.
    public static func line(for event: EngineEvent) -> String {
        Encoder().line(for: event)
    }

    /// Writes event lines (through `EventJSONWriter`) into the caller's buffer; holds no state.
    public final class Encoder {
        public init() {}

        public func line(for event: EngineEvent) -> String {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(256)
            append(event, to: &bytes)
            return String(decoding: bytes, as: UTF8.self)
        }

        /// Appends the event's line (without newline) to `bytes`.
        public func append(_ event: EngineEvent, to bytes: inout [UInt8]) {
            EventJSONWriter.append(event, to: &bytes)
        }
    }

    public static func event(from line: String) throws -> EngineEvent {
        try makeDecoder().decode(EngineEvent.self, from: Data(line.utf8))
    }

    public static func line(for command: EngineCommand) -> String {
        var bytes: [UInt8] = []
        EventJSONWriter.append(command, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Parses one command line. A malformed line throws a `CommandLineError` whose message says what was wrong.
    public static func command(from line: String) throws(CommandLineError) -> EngineCommand {
        do {
            return try makeDecoder().decode(EngineCommand.self, from: Data(line.utf8))
        } catch let error as DecodingError {
            throw CommandLineError(line: line, message: describe(error))
        } catch {
            throw CommandLineError(line: line, message: "not a JSON object")
        }
    }

    private static func describe(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, _): "missing field \"\(key.stringValue)\""
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            "wrong type for \"\(context.codingPath.map(\.stringValue).joined(separator: "."))\""
        case .dataCorrupted(let context):
            context.codingPath.isEmpty ? "not a JSON object" : context.debugDescription
        @unknown default: "malformed command"
        }
    }
}

/// A command line that could not be parsed; becomes an `error` event, nothing else changes.
public struct CommandLineError: Error, Sendable, Equatable {
    public var line: String
    public var message: String
}
