import Foundation

/// A DICOM client (echoscu, a pynetdicom script) started in the background with posix_spawn; its output goes
/// to a file, and it is killed by pid if it outlives the test.
final class PeerProcess: @unchecked Sendable {
    private let pid: pid_t
    private let file: URL
    private var exitStatus: Int32?

    init(_ arguments: [String]) throws {
        file = FileManager.default.temporaryDirectory.appendingPathComponent("assocmon-peer-\(UUID().uuidString)")
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, file.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var pid: pid_t = 0
        let argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let rc = posix_spawn(&pid, arguments[0], &actions, nil, argv, environ)
        guard rc == 0 else { throw E2EError("cannot start \(arguments[0]): errno \(rc)") }
        self.pid = pid
    }

    var output: String {
        String(decoding: (try? Data(contentsOf: file)) ?? Data(), as: UTF8.self)
    }

    /// Waits for the exit (bounded); `nil` when it had to be killed.
    func wait(timeout: TimeInterval = 30) async -> Int32? {
        if let exitStatus { return exitStatus }
        let deadline = Date().addingTimeInterval(timeout)
        var status: Int32 = 0
        while waitpid(pid, &status, WNOHANG) == 0 {
            if Date() > deadline {
                stop()
                return nil
            }
            try? await Task.sleep(nanoseconds: 50_000_000)
        }
        let code = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        exitStatus = code
        return code
    }

    func stop() {
        guard exitStatus == nil else { return }
        kill(pid, SIGKILL)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        exitStatus = -1
    }

    deinit { try? FileManager.default.removeItem(at: file) }
}
