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
        let (days, millisecondOfDay) = milliseconds.floorDivided(by: 86_400_000)
        let (year, month, day) = civilDate(daysSince1970: days)
        guard (0...9999).contains(year) else {
            out.append(contentsOf: formatTime(date).utf8)
            return
        }
        let (hour, rest) = millisecondOfDay.quotientAndRemainder(dividingBy: 3_600_000)
        let (minute, rest2) = rest.quotientAndRemainder(dividingBy: 60_000)
        let (second, fraction) = rest2.quotientAndRemainder(dividingBy: 1_000)
        // `YYYY-MM-DDTHH:MM:SS.mmmZ`: 24 bytes, filled in place and appended at once.
        var text: (UInt64, UInt64, UInt64) = (0, 0, 0)
        withUnsafeMutableBytes(of: &text) { bytes in
            func digits(_ value: Int64, _ width: Int, at index: Int) {
                var value = value
                for position in stride(from: index + width - 1, through: index, by: -1) {
                    bytes[position] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: value % 10)
                    value /= 10
                }
            }
            digits(year, 4, at: 0); bytes[4] = UInt8(ascii: "-")
            digits(month, 2, at: 5); bytes[7] = UInt8(ascii: "-")
            digits(day, 2, at: 8); bytes[10] = UInt8(ascii: "T")
            digits(hour, 2, at: 11); bytes[13] = UInt8(ascii: ":")
            digits(minute, 2, at: 14); bytes[16] = UInt8(ascii: ":")
            digits(second, 2, at: 17); bytes[19] = UInt8(ascii: ".")
            digits(fraction, 3, at: 20); bytes[23] = UInt8(ascii: "Z")
            out.append(contentsOf: bytes)
        }
    }

    /// The proleptic Gregorian year, month and day of a day counted from 1970-01-01 (the civil-from-days
    /// algorithm of H. Hinnant's "chrono-Compatible Low-Level Date Algorithms"): arithmetic only, where `gmtime_r`
    /// takes the C library's time zone lock for every event.
    static func civilDate(daysSince1970 days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let shifted = days + 719_468  // days from 0000-03-01
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153  // March = 0
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
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
        /// `dimse` events carry their `elements` (`--events-data-sets`).
        public let includesElements: Bool

        public init(includesElements: Bool = false) {
            self.includesElements = includesElements
        }

        public func line(for event: EngineEvent) -> String {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(256)
            append(event, to: &bytes)
            return String(decoding: bytes, as: UTF8.self)
        }

        /// Appends the event's line (without newline) to `bytes`.
        public func append(_ event: EngineEvent, to bytes: inout [UInt8]) {
            EventJSONWriter.append(event, to: &bytes, includesElements: includesElements)
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

extension Int64 {
    /// Quotient rounded towards minus infinity, and the remainder that goes with it (never negative for a positive
    /// divisor): times before 1970 still fall in the right day.
    fileprivate func floorDivided(by divisor: Int64) -> (quotient: Int64, remainder: Int64) {
        let (quotient, remainder) = quotientAndRemainder(dividingBy: divisor)
        return remainder < 0 ? (quotient - 1, remainder + divisor) : (quotient, remainder)
    }
}
