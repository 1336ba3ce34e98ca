#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Thin, `EINTR`-safe wrappers over the few POSIX calls the storage writer needs. Kept internal: the public API
/// speaks in `StorageError`s.
enum POSIXFile {
    /// Writes all of `buffer`, retrying short writes and `EINTR`.
    static func writeAll(_ fd: Int32, _ buffer: UnsafeRawBufferPointer) -> Int32? {
        guard var base = buffer.baseAddress else { return nil }
        var remaining = buffer.count
        while remaining > 0 {
            let n = write(fd, base, remaining)
            if n < 0 {
                if errno == EINTR { continue }
                return errno
            }
            if n == 0 { return EIO }
            remaining -= n
            base += n
        }
        return nil
    }

    static func fsyncRetrying(_ fd: Int32) -> Int32? {
        while fsync(fd) != 0 {
            if errno == EINTR { continue }
            return errno
        }
        return nil
    }

    /// Opens a directory relative to `parent` without following a symbolic link, creating it first if needed.
    static func openOrCreateDirectory(_ name: String, in parent: Int32) -> Opened {
        if mkdirat(parent, name, 0o755) != 0, errno != EEXIST { return .failure(errno) }
        let fd = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        return fd >= 0 ? .success(fd) : .failure(errno)
    }

    /// A descriptor, or the errno of the failure.
    enum Opened {
        case success(Int32)
        case failure(Int32)
    }

    static var currentErrno: Int32 { errno }
}
