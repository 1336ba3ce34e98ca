import Foundation
import TestSupport

/// A private tmux server (its own `-S` socket in a temporary directory) running `assocmon` in a detached session, for end-to-end tests:
/// keys go in with `send-keys`, the screen comes out with `capture-pane`. Everything it starts is stopped in
/// `close()` by killing that one server; `with(command:columns:rows:_:)` awaits that after the test's body.
final class TmuxSession: @unchecked Sendable {
    static let tmux = "/usr/bin/tmux"
    static var available: Bool { FileManager.default.isExecutableFile(atPath: tmux) }

    /// The server's socket, inside `directory` (removed with it).
    let socket: String
    let name = "monitor"
    let directory: URL

    /// - Parameter command: the command line, given the session's private directory (for stores and logs).
    init(command: (URL) -> String, columns: Int = 120, rows: Int = 40) async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("assocmon-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        socket = directory.appendingPathComponent("tmux.sock").path
        // The shell keeps the pane open after assocmon ends so the exit status can be read.
        // After assocmon: its exit status and the terminal modes (restored by endwin, or left raw).
        let script = "\(command(directory)); echo ASSOCMON-EXIT=$?; stty -a | tr -s \" ;\" \"\\n\\n\" | grep -x -- \"-*icanon\"; sleep 60"
        _ = try await tmux(["-f", "/dev/null", "new-session", "-d", "-s", name, "-x", "\(columns)", "-y", "\(rows)",
                            "env TERM=xterm-256color LANG=C.UTF-8 LC_ALL=C.UTF-8 sh -c '\(script)'"])
    }

    /// Runs `body` with a new session, then closes it and waits for that, whether `body` returned or threw.
    static func with<Result>(command: (URL) -> String, columns: Int = 120, rows: Int = 40,
                             _ body: (TmuxSession) async throws -> Result) async throws -> Result {
        let session = try await TmuxSession(command: command, columns: columns, rows: rows)
        do {
            let result = try await body(session)
            await session.close()
            return result
        } catch {
            await session.close()
            throw error
        }
    }

    func capture() async -> String {
        (try? await tmux(["capture-pane", "-p", "-t", name]).stdout) ?? ""
    }

    func send(_ keys: String...) async {
        _ = try? await tmux(["send-keys", "-t", name] + keys)
    }

    func resize(columns: Int, rows: Int) async {
        _ = try? await tmux(["resize-window", "-t", name, "-x", "\(columns)", "-y", "\(rows)"])
    }

    private func tmux(_ arguments: [String]) async throws -> Subprocess.Outcome {
        try await Subprocess.run(Self.tmux, ["-S", socket] + arguments, timeout: .seconds(20))
    }

    /// Polls the screen until `predicate` holds or `timeout` passes; returns the last screen either way.
    @discardableResult
    func waitFor(timeout: TimeInterval = 20, _ predicate: (String) -> Bool) async -> (Bool, String) {
        let deadline = Date().addingTimeInterval(timeout)
        var screen = await capture()
        while !predicate(screen) {
            if Date() > deadline { return (false, screen) }
            try? await Task.sleep(nanoseconds: 100_000_000)
            screen = await capture()
        }
        return (true, screen)
    }

    func waitFor(_ text: String, timeout: TimeInterval = 20) async -> (Bool, String) {
        await waitFor(timeout: timeout) { $0.contains(text) }
    }

    /// The port shown in the status line ("ASSOCMON@127.0.0.1:40123").
    func port(timeout: TimeInterval = 30) async -> Int? {
        let (_, screen) = await waitFor(timeout: timeout) { Self.port(in: $0) != nil }
        return Self.port(in: screen)
    }

    static func port(in screen: String) -> Int? {
        guard let first = screen.split(separator: "\n").first, let at = first.range(of: "@127.0.0.1:") else { return nil }
        return Int(first[at.upperBound...].prefix { $0.isNumber })
    }

    /// Stops the pane's process group (the shell, assocmon, the sleep — all started here) by its id, then the
    /// server; tmux's own hang-up alone leaves a gracefully stopping assocmon behind for a while.
    func close() async {
        if let text = try? await tmux(["display-message", "-p", "-t", name, "#{pane_pid}"]).stdout,
           let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)), pid > 1 {
            kill(-pid, SIGTERM)
            let deadline = ContinuousClock.now + .seconds(10)
            while kill(-pid, 0) == 0, ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(50)) }
            if kill(-pid, 0) == 0 { kill(-pid, SIGKILL) }
        }
        _ = try? await tmux(["kill-server"])
        try? FileManager.default.removeItem(at: directory)
    }
}
