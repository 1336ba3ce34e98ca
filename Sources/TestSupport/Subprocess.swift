import Foundation
import Glibc

/// A program a test starts: a real peer (DCMTK, pynetdicom), `openssl`, `tmux`, or `assocmon` itself.
///
/// Started with `posix_spawn`; its standard output and error go to files in a private directory, never pipes, so a
/// daemon it forks (the tmux server) cannot hold the test waiting on an open pipe, and a chatty program never
/// blocks on a full one. Standard input is `/dev/null`, a fixed text, or a pipe the test writes to. Every wait is
/// bounded: a program that overruns is killed by its pid, and one still running when the value goes away is killed
/// too. No other descriptor of the test process reaches the child (see `spawn`).
public final class Subprocess: @unchecked Sendable {
    /// What the child reads on standard input.
    public enum Input: Sendable {
        /// `/dev/null`: end of input at once.
        case none
        /// This text, then end of input.
        case text(String)
        /// A pipe: `send(_:)` writes to it, `closeInput()` ends it.
        case pipe
    }

    /// A finished run of `run(_:_:input:environment:timeout:)`.
    public struct Outcome: Sendable {
        /// The exit status; 128 + the signal number when a signal ended it (as a shell reports it).
        public var status: Int32
        /// Standard output and error as written (a program's output need not be UTF-8: dcmdump writes Latin-1).
        public var stdoutData: Data
        public var stderrData: Data
        /// It overran its time limit and was killed.
        public var timedOut: Bool

        public var stdout: String { String(decoding: stdoutData, as: UTF8.self) }
        public var stderr: String { String(decoding: stderrData, as: UTF8.self) }
    }

    /// The program could not be started.
    public struct SpawnFailed: Error, CustomStringConvertible {
        public var description: String
    }

    public let pid: pid_t
    /// The program and its arguments, for messages.
    public let arguments: [String]
    private let directory: URL
    private let lock = NSLock()
    /// Guarded by `lock`: the write end of the `.pipe` input (-1 when closed or absent), the exit status once the
    /// child is reaped, and whether it was killed for overrunning.
    private var inputDescriptor: Int32
    private var exitStatus: Int32?
    private var killed = false

    /// Starts `arguments[0]` (a path; use `/usr/bin/env` to search `PATH`) with `arguments`.
    /// - Parameter environment: variables set on top of this process's environment.
    public init(_ arguments: [String], input: Input = .none, environment: [String: String]? = nil) throws {
        guard let program = arguments.first else { throw SpawnFailed(description: "no program to start") }
        self.arguments = arguments
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("assocmon-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var standardInput = StandardInput.file("/dev/null")
        var writeEnd: Int32 = -1
        switch input {
        case .none: break
        case .text(let text):
            let path = directory.appendingPathComponent("stdin").path
            try text.write(toFile: path, atomically: false, encoding: .utf8)
            standardInput = .file(path)
        case .pipe:
            _ = Self.ignoreBrokenPipes
            var ends: [Int32] = [-1, -1]
            guard pipe(&ends) == 0 else {
                try? FileManager.default.removeItem(at: directory)
                throw SpawnFailed(description: "cannot make a pipe for \(program): errno \(errno)")
            }
            // Neither end may reach another child (it would hold the input open after `closeInput()`).
            for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
            standardInput = .descriptor(ends[0])
            writeEnd = ends[1]
        }
        do {
            pid = try Self.spawn(arguments, input: standardInput,
                                 output: directory.appendingPathComponent("stdout").path,
                                 error: directory.appendingPathComponent("stderr").path, environment: environment)
        } catch {
            if case .descriptor(let readEnd) = standardInput { close(readEnd) }
            if writeEnd >= 0 { close(writeEnd) }
            try? FileManager.default.removeItem(at: directory)
            throw error
        }
        if case .descriptor(let readEnd) = standardInput { close(readEnd) }
        inputDescriptor = writeEnd
    }

    deinit {
        stop()
        if inputDescriptor >= 0 { close(inputDescriptor) }
        try? FileManager.default.removeItem(at: directory)
    }

    // MARK: - Output

    /// Everything the program has written to standard output so far.
    public var stdout: String { String(decoding: stdoutData, as: UTF8.self) }

    /// Everything the program has written to standard error so far.
    public var stderr: String { String(decoding: stderrData, as: UTF8.self) }

    public var stdoutData: Data { outputData("stdout") }
    public var stderrData: Data { outputData("stderr") }

    /// The complete lines of standard output so far (a line still being written is left out until its newline).
    public var stdoutLines: [String] {
        let data = stdoutData
        guard let lastNewline = data.lastIndex(of: UInt8(ascii: "\n")) else { return [] }
        return data[..<lastNewline].split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
            .map { String(decoding: $0, as: UTF8.self) }
    }

    private func outputData(_ name: String) -> Data {
        (try? Data(contentsOf: directory.appendingPathComponent(name))) ?? Data()
    }

    // MARK: - Input

    /// Writes `text` to the `.pipe` input; does nothing once the input is closed or the program has gone.
    public func send(_ text: String) {
        lock.withLock {
            guard inputDescriptor >= 0 else { return }
            var bytes = Array(text.utf8)[...]
            while !bytes.isEmpty {
                let written = bytes.withUnsafeBytes { write(inputDescriptor, $0.baseAddress, $0.count) }
                if written < 0, errno == EINTR { continue }
                guard written > 0 else { return }
                bytes = bytes.dropFirst(written)
            }
        }
    }

    /// Ends the `.pipe` input: the program reads end of file.
    public func closeInput() {
        lock.withLock {
            if inputDescriptor >= 0 { close(inputDescriptor) }
            inputDescriptor = -1
        }
    }

    // MARK: - Ending

    /// Sends `signal` (SIGTERM, SIGINT…) to the program if it has not been reaped yet.
    public func signal(_ signal: Int32) {
        lock.withLock { if exitStatus == nil { _ = Glibc.kill(pid, signal) } }
    }

    /// The exit status once the program has ended (it is reaped here), nil while it runs.
    public var status: Int32? { lock.withLock { reapLocked(blocking: false) } }

    /// Whether the program was killed for overrunning a wait.
    public var timedOut: Bool { lock.withLock { killed } }

    /// Waits for the program to end without holding a thread of the cooperative pool: the blocking wait runs on a
    /// dispatch thread and resumes the caller. Returns the exit status, or nil when the program was still running at
    /// `timeout` and so was killed.
    @discardableResult
    public func wait(timeout: Duration = .seconds(30)) async -> Int32? {
        if let status { return timedOut ? nil : status }
        return await withCheckedContinuation { (continuation: CheckedContinuation<Int32?, Never>) in
            DispatchQueue.global().async { continuation.resume(returning: self.waitBlocking(timeout: timeout)) }
        }
    }

    /// Blocks the calling thread until the program ends or `timeout` passes (then kills it), for synchronous
    /// callers (a one-time setup behind a lazy value) and for `wait(timeout:)`'s dispatch thread. No polling: the
    /// thread sleeps in `waitid`, and a timer kills the child if it overruns.
    @discardableResult
    public func waitBlocking(timeout: Duration = .seconds(30)) -> Int32? {
        let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
        let killer = DispatchWorkItem { [self] in terminate(overran: true) }
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds, execute: killer)
        defer { killer.cancel() }
        // Wait without reaping: the child stays a zombie, so its pid cannot be reused by another process while the
        // timer may still send it a signal.
        var info = siginfo_t()
        while waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT) != 0, errno == EINTR {}
        let status = lock.withLock { reapLocked(blocking: true) }
        return timedOut ? nil : status
    }

    /// Kills the program (SIGKILL) and reaps it, unless it has ended already.
    public func stop() { terminate(overran: false) }

    private func terminate(overran: Bool) {
        lock.withLock {
            guard reapLocked(blocking: false) == nil else { return }
            _ = Glibc.kill(pid, SIGKILL)
            killed = killed || overran
            _ = reapLocked(blocking: true)
        }
    }

    /// Reaps the child if it has ended (or, `blocking`, once it ends); the caller holds `lock`.
    private func reapLocked(blocking: Bool) -> Int32? {
        if let exitStatus { return exitStatus }
        var raw: Int32 = 0
        var result: pid_t
        repeat { result = waitpid(pid, &raw, blocking ? 0 : WNOHANG) } while result < 0 && errno == EINTR
        guard result == pid else { return nil }
        let signal = raw & 0x7F
        exitStatus = signal == 0 ? (raw >> 8) & 0xFF : 128 + signal
        return exitStatus
    }

    /// Writing to a pipe whose reader has exited raises SIGPIPE, which would end the whole test process; with the
    /// signal ignored the write fails with EPIPE instead.
    private static let ignoreBrokenPipes: Void = { _ = Glibc.signal(SIGPIPE, SIG_IGN) }()
}
