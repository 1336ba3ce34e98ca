import Foundation

/// One result line: `mode=... key=value ...`, easy for a script to pick apart and for a person to read.
struct LoadReport {
    var fields: [(String, String)] = []

    mutating func add(_ key: String, _ value: String) { fields.append((key, value)) }
    mutating func add(_ key: String, _ value: Int) { fields.append((key, String(value))) }
    mutating func add(_ key: String, _ value: Double, digits: Int = 3) { fields.append((key, format(value, digits))) }

    var line: String { fields.map { "\($0.0)=\($0.1)" }.joined(separator: " ") }
}

func format(_ value: Double, _ digits: Int) -> String {
    value.isFinite ? String(format: "%.\(digits)f", value) : "nan"
}

/// Seconds since `start` on the monotonic clock.
func seconds(since start: ContinuousClock.Instant) -> Double {
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
}
