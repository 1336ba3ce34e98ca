import Foundation

extension Subprocess {
    /// Runs a program to its end, at most `timeout` (then it is killed by pid), and returns what it wrote.
    /// Suspends while it runs; never blocks a thread of the cooperative pool.
    public static func run(_ executable: String, _ arguments: [String], input: String? = nil,
                           environment: [String: String]? = nil, timeout: Duration = .seconds(30)) async throws
        -> Outcome {
        let process = try Subprocess([executable] + arguments, input: input.map { .text($0) } ?? .none,
                                     environment: environment)
        let status = await process.wait(timeout: timeout)
        return process.outcome(status)
    }

    /// `run` for synchronous callers (a one-time setup behind a lazy value): blocks the calling thread, bounded the
    /// same way.
    public static func runBlocking(_ executable: String, _ arguments: [String], input: String? = nil,
                                   environment: [String: String]? = nil, timeout: Duration = .seconds(30)) throws
        -> Outcome {
        let process = try Subprocess([executable] + arguments, input: input.map { .text($0) } ?? .none,
                                     environment: environment)
        let status = process.waitBlocking(timeout: timeout)
        return process.outcome(status)
    }

    private func outcome(_ status: Int32?) -> Outcome {
        Outcome(status: status ?? self.status ?? -1, stdoutData: stdoutData, stderrData: stderrData,
                timedOut: status == nil)
    }
}
