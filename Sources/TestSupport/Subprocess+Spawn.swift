import Foundation
import Glibc

extension Subprocess {
    /// Where the child's descriptor 0 comes from.
    enum StandardInput {
        case file(String)
        case descriptor(Int32)
    }

    /// `posix_spawn` with descriptors 0, 1 and 2 set up and nothing else inherited.
    static func spawn(_ arguments: [String], input: StandardInput, output: String, error: String,
                      environment: [String: String]?) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        switch input {
        case .file(let path): posix_spawn_file_actions_addopen(&actions, 0, path, O_RDONLY, 0)
        case .descriptor(let descriptor): posix_spawn_file_actions_adddup2(&actions, descriptor, 0)
        }
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, error, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0o600)
        // Nothing else of this process goes along: a child (or a daemon it forks, like the tmux server) would
        // otherwise keep the listening sockets of the engines other tests run at that moment open after those
        // tests close them.
        markOpenDescriptorsCloseOnExec()
        let variables = environment.map { ProcessInfo.processInfo.environment.merging($0) { $1 } }
        let argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?]? = variables.map { $0.map { strdup("\($0.key)=\($0.value)") } + [nil] }
        defer {
            argv.forEach { free($0) }
            envp?.forEach { free($0) }
        }
        // The child starts with no signal blocked and SIGPIPE at its default: the spawning thread may be a worker
        // thread that blocks signals (a blocked SIGTERM would never end the child), and this process ignores
        // SIGPIPE (`ignoreBrokenPipes`); both would otherwise carry over through exec.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGPIPE)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid: pid_t = 0
        let rc = envp.map { posix_spawn(&pid, arguments[0], &actions, &attributes, argv, $0) }
            ?? posix_spawn(&pid, arguments[0], &actions, &attributes, argv, environ)
        guard rc == 0 else {
            throw SpawnFailed(description: "cannot start \(arguments[0]): \(String(cString: strerror(rc)))")
        }
        return pid
    }

    /// Sets FD_CLOEXEC on every descriptor above standard error that this process has open (NIO's sockets do not
    /// carry it), so no child started here inherits them.
    static func markOpenDescriptorsCloseOnExec() {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd") else { return }
        for descriptor in names.compactMap(Int32.init) where descriptor > 2 {
            let flags = fcntl(descriptor, F_GETFD)
            if flags >= 0 { _ = fcntl(descriptor, F_SETFD, flags | FD_CLOEXEC) }
        }
    }
}
