import Foundation

/// A private tmux server (its own `-S` socket in a temporary directory) running `assocmon` in a detached session, for end-to-end tests:
/// keys go in with `send-keys`, the screen comes out with `capture-pane`. Everything it starts is stopped in
/// `close()` by killing that one server.
final class TmuxSession: @unchecked Sendable {
    static let tmux = "/usr/bin/tmux"
    static var available: Bool { FileManager.default.isExecutableFile(atPath: tmux) }

    /// The server's socket, inside `directory` (removed with it).
    let socket: String
    let name = "monitor"
    let directory: URL

    /// - Parameter command: the command line, given the session's private directory (for stores and logs).
    init(command: (URL) -> String, columns: Int = 120, rows: Int = 40) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("assocmon-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        socket = directory.appendingPathComponent("tmux.sock").path
        // The shell keeps the pane open after assocmon ends so the exit status can be read.
        // After assocmon: its exit status and the terminal modes (restored by endwin, or left raw).
        let script = "\(command(directory)); echo ASSOCMON-EXIT=$?; stty -a | tr -s \" ;\" \"\\n\\n\" | grep -x -- \"-*icanon\"; sleep 60"
        _ = try Self.run([Self.tmux, "-S", socket, "-f", "/dev/null", "new-session", "-d", "-s", name,
                          "-x", "\(columns)", "-y", "\(rows)", "env TERM=xterm-256color LANG=C.UTF-8 LC_ALL=C.UTF-8 sh -c '\(script)'"])
    }

    func capture() -> String {
        (try? Self.run([Self.tmux, "-S", socket, "capture-pane", "-p", "-t", name]).output) ?? ""
    }

    func send(_ keys: String...) {
        _ = try? Self.run([Self.tmux, "-S", socket, "send-keys", "-t", name] + keys)
    }

    func resize(columns: Int, rows: Int) {
        _ = try? Self.run([Self.tmux, "-S", socket, "resize-window", "-t", name, "-x", "\(columns)", "-y", "\(rows)"])
    }

    /// Polls the screen until `predicate` holds or `timeout` passes; returns the last screen either way.
    @discardableResult
    func waitFor(timeout: TimeInterval = 20, _ predicate: (String) -> Bool) async -> (Bool, String) {
        let deadline = Date().addingTimeInterval(timeout)
        var screen = capture()
        while !predicate(screen) {
            if Date() > deadline { return (false, screen) }
            try? await Task.sleep(nanoseconds: 100_000_000)
            screen = capture()
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
    func close() {
        if let text = try? Self.run([Self.tmux, "-S", socket, "display-message", "-p", "-t", name, "#{pane_pid}"]).output,
           let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)), pid > 1 {
            kill(-pid, SIGTERM)
            let deadline = Date().addingTimeInterval(10)
            while kill(-pid, 0) == 0, Date() < deadline { usleep(50_000) }
            if kill(-pid, 0) == 0 { kill(-pid, SIGKILL) }
        }
        _ = try? Self.run([Self.tmux, "-S", socket, "kill-server"])
        try? FileManager.default.removeItem(at: directory)
    }

    /// Runs a program to completion (bounded by `timeout`; killed by pid when late). posix_spawn + waitpid, with
    /// output to a file: Foundation's `Process` can stall inside async tests, and `tmux new-session` forks a server
    /// that would hold a pipe open forever. Only standard input, output and error reach the child.
    @discardableResult
    static func run(_ arguments: [String], timeout: TimeInterval = 20) throws -> (status: Int32, output: String) {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("assocmon-run-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: file) }
        var actions: posix_spawn_file_actions_t = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, file.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        // Nothing else of this process goes along: a tmux server forked from the child outlives it, and would keep
        // any listening socket the tests had open at that moment (the other tests' engines) alive after they close it.
        Self.markOpenDescriptorsCloseOnExec()
        var pid: pid_t = 0
        let argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let rc = posix_spawn(&pid, arguments[0], &actions, nil, argv, environ)
        guard rc == 0 else { throw E2EError("cannot start \(arguments[0]): errno \(rc)") }
        var status: Int32 = 0
        let deadline = Date().addingTimeInterval(timeout)
        while waitpid(pid, &status, WNOHANG) == 0 {
            if Date() > deadline {
                kill(pid, SIGKILL)
                waitpid(pid, &status, 0)
                break
            }
            usleep(10_000)
        }
        let exit = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        let data = (try? Data(contentsOf: file)) ?? Data()
        return (exit, String(decoding: data, as: UTF8.self))
    }

    /// Sets FD_CLOEXEC on every descriptor above standard error that this process has open (NIO's sockets do not
    /// carry it), so no child started here inherits them.
    static func markOpenDescriptorsCloseOnExec() {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd") else { return }
        for fd in names.compactMap(Int32.init) where fd > 2 {
            let flags = fcntl(fd, F_GETFD)
            if flags >= 0 { _ = fcntl(fd, F_SETFD, flags | FD_CLOEXEC) }
        }
    }
}
