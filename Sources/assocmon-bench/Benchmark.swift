import Foundation

/// One timed benchmark: warm-up runs, then `iterations` timed runs on `ContinuousClock`.
struct Benchmark {
    var name: String
    /// Bytes processed per run (0 for operation-count benchmarks).
    var bytesPerRun: Int
    /// Operations per run (e.g. PDU decodes), for ops/s figures.
    var operationsPerRun: Int
    var warmup: Int
    var iterations: Int

    struct Result {
        var name: String
        var bytesPerRun: Int
        var operationsPerRun: Int
        var durations: [Duration]

        var best: Duration { durations.min() ?? .zero }
        var median: Duration {
            let sorted = durations.sorted()
            return sorted.isEmpty ? .zero : sorted[sorted.count / 2]
        }
        /// 10^6 bytes per second, from the median run.
        var megabytesPerSecond: Double { Double(bytesPerRun) / median.seconds / 1e6 }
        var operationsPerSecond: Double { Double(operationsPerRun) / median.seconds }
    }

    /// Runs `body`; its return value is folded into `sink` so the optimizer cannot drop the work.
    func run(_ body: () throws -> Int) rethrows -> Result {
        let clock = ContinuousClock()
        for _ in 0..<warmup { sink &+= try body() }
        var durations: [Duration] = []
        durations.reserveCapacity(iterations)
        for _ in 0..<iterations {
            var value = 0
            let elapsed = try clock.measure { value = try body() }
            sink &+= value
            durations.append(elapsed)
        }
        return Result(name: name, bytesPerRun: bytesPerRun, operationsPerRun: operationsPerRun, durations: durations)
    }
}

/// Accumulates benchmark outputs; printed at the end so that no result is dead code.
nonisolated(unsafe) var sink = 0

extension Duration {
    var seconds: Double {
        let (whole, attoseconds) = components
        return Double(whole) + Double(attoseconds) / 1e18
    }

    /// "12.3 ms", "45.6 µs".
    var formatted: String {
        let value = seconds
        if value >= 1 { return String(format: "%.2f s", value) }
        if value >= 1e-3 { return String(format: "%.2f ms", value * 1e3) }
        if value >= 1e-6 { return String(format: "%.2f µs", value * 1e6) }
        return String(format: "%.0f ns", value * 1e9)
    }
}
