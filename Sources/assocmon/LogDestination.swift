import ArgumentParser
import Foundation

/// Where swift-log diagnostics go. By default that is stderr; with the curses front stderr is silenced while the
/// screen is in use (anything written there would scribble over it), so `--log-file` is the way to keep
/// diagnostics in front mode. The file is opened (append, created 0644) before anything binds, so a bad path is a
/// clear start-up error rather than lost logs.
struct LogDestination {
    /// An open descriptor for `--log-file`, or `nil` for stderr.
    let fileDescriptor: Int32?

    init(path: String?) throws {
        guard let path else { fileDescriptor = nil; return }
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw ValidationError("cannot open --log-file \(path): \(String(cString: strerror(errno)))")
        }
        fileDescriptor = fd
    }

    /// Points stderr at the log file (headless mode), so diagnostics and the start-up lines land there.
    func redirectStandardError() {
        guard let fd = fileDescriptor else { return }
        dup2(fd, STDERR_FILENO)
    }

    /// The descriptor the front should point stderr at while curses owns the screen: the log file, or /dev/null.
    func descriptorWhileScreenIsInUse() -> Int32 {
        if let fd = fileDescriptor { return dup(fd) }
        return open("/dev/null", O_WRONLY)
    }
}
