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

    /// Writes `buffers` in order with as few `writev(2)` calls as possible, retrying short writes and `EINTR`.
    /// The bytes go from the caller's buffers straight to the kernel: no copy in between.
    static func writeAll(_ fd: Int32, _ buffers: [UnsafeRawBufferPointer]) -> Int32? {
        var vectors = buffers.compactMap { buffer -> iovec? in
            guard let base = buffer.baseAddress, buffer.count > 0 else { return nil }
            return iovec(iov_base: UnsafeMutableRawPointer(mutating: base), iov_len: buffer.count)
        }
        var start = 0
        return vectors.withUnsafeMutableBufferPointer { vectors -> Int32? in
            while start < vectors.count {
                let batch = min(vectors.count - start, 1024)  // IOV_MAX on Linux and the BSDs
                var n = writev(fd, vectors.baseAddress! + start, Int32(batch))
                if n < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                if n == 0 { return EIO }
                while n > 0, start < vectors.count {
                    let length = vectors[start].iov_len
                    if n >= length {
                        n -= length
                        start += 1
                    } else {
                        vectors[start].iov_base = vectors[start].iov_base! + n
                        vectors[start].iov_len = length - n
                        n = 0
                    }
                }
            }
            return nil
        }
    }

    @Sendable static func fsyncRetrying(_ fd: Int32) -> Int32? {
        while fsync(fd) != 0 {
            if errno == EINTR { continue }
            return errno
        }
        return nil
    }

    /// Forces the whole file system holding `fd` to stable storage: every file's data and every directory entry
    /// written so far, in one journal commit (`syncfs(2)` on Linux; `sync(2)` elsewhere).
    @Sendable static func syncFileSystem(_ fd: Int32) -> Int32? {
        guard let syncfs = linuxSyncFS else {
            sync()
            return nil
        }
        while syncfs(fd) != 0 {
            if errno == EINTR { continue }
            return errno
        }
        return nil
    }

    /// `syncfs(2)`, which Glibc declares only for `_GNU_SOURCE` (so Swift does not see it): looked up once.
    private static let linuxSyncFS: (@convention(c) (Int32) -> Int32)? = {
        #if os(Linux)
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "syncfs") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (Int32) -> Int32).self)
        #else
        return nil
        #endif
    }()

    /// Starts writing `fd`'s dirty pages to the disk without waiting for them (`sync_file_range(2)` with
    /// `SYNC_FILE_RANGE_WRITE` on Linux; nothing elsewhere). A hint that makes a later `syncfs` shorter, never a
    /// durability guarantee: it forces neither metadata nor the disk's cache, so errors are ignored.
    static func startWriteBack(_ fd: Int32) {
        guard let syncFileRange = linuxSyncFileRange else { return }
        _ = syncFileRange(fd, 0, 0, 2)  // SYNC_FILE_RANGE_WRITE
    }

    /// `sync_file_range(2)`, declared by Glibc only for `_GNU_SOURCE`: looked up once.
    private static let linuxSyncFileRange: (@convention(c) (Int32, Int64, Int64, UInt32) -> Int32)? = {
        #if os(Linux)
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "sync_file_range") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (Int32, Int64, Int64, UInt32) -> Int32).self)
        #else
        return nil
        #endif
    }()

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
