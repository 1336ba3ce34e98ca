import Foundation
import NIOCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// One C-STORE data set being written as a Part-10 file (PS3.10 §7), synchronously.
///
/// Created by `StorageWriter.begin(...)`, which has already created the temporary file and queued the preamble
/// and file meta information (they go to the kernel with the first data set batch: one `writev(2)`, not two
/// system calls, for a data set that fits in one batch). Then `append` each data set fragment in order, and
/// `finish()` (or `abort()`).
///
/// Memory stays constant whatever the data set size, and no data set byte is copied in user space: appended
/// fragments are kept as they are (the received buffers themselves) until `bufferCapacity` bytes are held, then
/// handed to the kernel with one `writev(2)`; at most `bufferCapacity` bytes plus one fragment are ever held
/// (`peakBufferedBytes` proves it in tests).
///
/// **Blocking and not thread-safe**: every method may block on `write(2)`/`fsync(2)`. Use one writer from one
/// thread at a time, off the event loop (a `NIOThreadPool`, or `StoreSession`, which does this for you).
/// A writer dropped without `finish()` removes its temporary file.
public final class Part10FileWriter {
    private enum State {
        case writing
        case finished
        case closed
    }

    /// The meta information written at the start of the file.
    public let meta: FileMetaInformation
    public let bufferCapacity: Int
    /// Data set bytes appended so far.
    public private(set) var dataSetBytes = 0
    /// The most data set bytes held in memory at any time.
    public private(set) var peakBufferedBytes = 0

    private let storage: StorageWriter
    private let callingAETitle: String
    private let temporaryName: String
    /// The storage directory and `.tmp` this file started in (kept open while it is written).
    private let directories: StorageWriter.Directories?
    /// The temporary file's descriptor (internal so tests can swap in `/dev/full` to provoke ENOSPC).
    private(set) var fd: Int32
    private let headerBytes: Int
    /// Fragments appended and not yet written, in order.
    private var held: [ByteBuffer] = []
    private var buffered = 0
    private var state = State.writing

    init(storage: StorageWriter, meta: FileMetaInformation, callingAETitle: String) throws(StorageError) {
        self.storage = storage
        self.meta = meta
        self.callingAETitle = callingAETitle
        let header = try meta.encodedHeader()
        headerBytes = header.count
        temporaryName = StorageWriter.nextTemporaryName()
        bufferCapacity = storage.bufferCapacity
        guard var directories = storage.directories else {
            fd = -1
            self.directories = nil
            return
        }
        fd = openat(directories.temporary.fd, temporaryName, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        if fd < 0, POSIXFile.currentErrno == ENOENT {
            // `.tmp` (or the whole storage directory) was deleted while we run: make it again, once.
            directories = try storage.reopenDirectories(replacing: directories)
            fd = openat(directories.temporary.fd, temporaryName, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        }
        self.directories = directories
        guard fd >= 0 else {
            throw StorageError.io("create", Self.join(storage.directory, StorageWriter.temporaryDirectoryName,
                                                      temporaryName), errno: POSIXFile.currentErrno)
        }
        held.append(ByteBuffer(bytes: header))
    }

    deinit {
        if state == .writing { abort() }
    }

    /// Path of the temporary file (for messages).
    private var temporaryPath: String {
        Self.join(storage.directory, StorageWriter.temporaryDirectoryName, temporaryName)
    }

    /// Appends one data set fragment, exactly as received (the PDV's fragment bytes).
    /// On failure the temporary file is already removed and every later call throws.
    public func append(_ fragment: ByteBuffer) throws(StorageError) {
        guard state == .writing else { throw StorageError(.notWritable) }
        let count = fragment.readableBytes
        dataSetBytes += count
        guard fd >= 0 else { return }  // --no-store: count only.
        if buffered + count > bufferCapacity {
            try flush()
        }
        held.append(fragment)
        buffered += count
        if count < bufferCapacity {
            peakBufferedBytes = max(peakBufferedBytes, buffered)  // A larger fragment is written at once.
        }
        if buffered >= bufferCapacity || held.count >= 1024 {
            try flush()
        }
    }

    /// Appends raw bytes (convenience for tests and the benchmark).
    public func append(_ bytes: [UInt8]) throws(StorageError) {
        try append(ByteBuffer(bytes: bytes))
    }

    /// Writes what is held, links the file into `<storage-dir>/<calling AE>/<SOP instance UID>[.n].dcm` without
    /// ever replacing an existing file, and removes the temporary name. Once this returns the file is complete in
    /// place, so a crash of the process cannot lose it. With `StorageSyncMode.each` the file and its directory are
    /// `fsync`ed first; with `release` the returned `durabilityTicket` tells the flusher's promise to wait for.
    public func finish() throws(StorageError) -> StoredFile {
        guard state == .writing else { throw StorageError(.notWritable) }
        guard fd >= 0 else {
            state = .finished
            return StoredFile(path: nil, sopClassUID: meta.mediaStorageSOPClassUID,
                              sopInstanceUID: meta.mediaStorageSOPInstanceUID, dataSetBytes: dataSetBytes,
                              fileBytes: dataSetBytes)
        }
        try flush()
        switch storage.sync {
        case .each:
            if let e = storage.fileSync(fd) { try fail("fsync", errno: e) }
        case .release:
            // Starts the write-out now, while the next data set arrives, so the flusher's `syncfs` before the
            // A-RELEASE-RP finds the data on its way to the disk instead of starting it then. Only a hint: the
            // durability promise is still the flusher's.
            POSIXFile.startWriteBack(fd)
        case .none:
            break
        }
        close(fd)
        fd = -2  // Closed, temporary file still present until placed.
        let aeName = PathComponent.sanitized(callingAETitle)
        let uidName = PathComponent.sanitized(meta.mediaStorageSOPInstanceUID)
        guard let directories else { throw StorageError(.notWritable) }
        // The AE directory stays open between files (`StorageWriter.aeDirectory`); deleted meanwhile, the link
        // fails with ENOENT and it is created and opened again, once.
        var aeDirectory = try openAEDirectory(aeName, in: directories, reopen: false)
        var placed = try place(in: aeDirectory.fd, temporaryDirectory: directories.temporary.fd, aeName: aeName,
                               uidName: uidName, missingDirectoryIsFatal: false)
        if placed == nil {
            aeDirectory = try openAEDirectory(aeName, in: directories, reopen: true)
            placed = try place(in: aeDirectory.fd, temporaryDirectory: directories.temporary.fd, aeName: aeName,
                               uidName: uidName, missingDirectoryIsFatal: true)
        }
        guard let name = placed else { throw StorageError(.notWritable) }
        if storage.sync == .each, let e = storage.fileSync(aeDirectory.fd) {
            unlinkat(aeDirectory.fd, name, 0)
            try fail("fsync", path: Self.join(storage.directory, aeName), errno: e)
        }
        state = .finished
        return StoredFile(path: Self.join(storage.directory, aeName, name), sopClassUID: meta.mediaStorageSOPClassUID,
                          sopInstanceUID: meta.mediaStorageSOPInstanceUID, dataSetBytes: dataSetBytes,
                          fileBytes: headerBytes + dataSetBytes, durabilityTicket: storage.flusher?.register() ?? 0)
    }

    private func openAEDirectory(_ aeName: String, in directories: StorageWriter.Directories,
                                 reopen: Bool) throws(StorageError) -> OwnedDescriptor {
        switch storage.aeDirectory(aeName, in: directories, reopen: reopen) {
        case .success(let directory): return directory
        case .failure(let e): try fail("create directory", path: Self.join(storage.directory, aeName), errno: e)
        }
    }

    /// Discards everything written so far and removes the temporary file. Safe to call more than once.
    public func abort() {
        if fd >= 0 { close(fd) }
        if fd != -1, let directories { unlinkat(directories.temporary.fd, temporaryName, 0) }
        fd = -1
        held.removeAll()
        buffered = 0
        state = .closed
    }

    /// Links the temporary file under the first free name `<uid>.dcm`, `<uid>.1.dcm`, ... and returns that name.
    /// `linkat` fails with `EEXIST` rather than replacing, so two concurrent stores of the same UID get distinct
    /// names. Where the file system has no hard links, the name is reserved with `O_CREAT | O_EXCL` and the
    /// temporary file renamed over our own reservation. Returns nil when the AE directory no longer exists (the
    /// link fails with ENOENT) unless `missingDirectoryIsFatal`.
    private func place(in aeDirectory: Int32, temporaryDirectory: Int32, aeName: String, uidName: String,
                       missingDirectoryIsFatal: Bool) throws(StorageError) -> String? {
        for n in 0..<100_000 {
            let name = n == 0 ? uidName + ".dcm" : uidName + ".\(n).dcm"
            if linkat(temporaryDirectory, temporaryName, aeDirectory, name, 0) == 0 {
                unlinkat(temporaryDirectory, temporaryName, 0)
                return name
            }
            let e = POSIXFile.currentErrno
            if e == EEXIST { continue }
            if e == ENOENT, !missingDirectoryIsFatal { return nil }
            guard e == EPERM || e == ENOTSUP || e == EOPNOTSUPP || e == EXDEV || e == EMLINK else {
                try fail("link", path: Self.join(storage.directory, aeName, name), errno: e)
            }
            let reservation = openat(aeDirectory, name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
            if reservation < 0 {
                let e = POSIXFile.currentErrno
                if e == EEXIST { continue }
                try fail("create", path: Self.join(storage.directory, aeName, name), errno: e)
            }
            close(reservation)
            if renameat(temporaryDirectory, temporaryName, aeDirectory, name) != 0 {
                let e = POSIXFile.currentErrno
                unlinkat(aeDirectory, name, 0)
                try fail("rename", path: Self.join(storage.directory, aeName, name), errno: e)
            }
            return name
        }
        abort()
        throw StorageError(.tooManyDuplicates(path: Self.join(storage.directory, aeName, uidName + ".dcm")))
    }

    /// Hands every held fragment (and the file meta information, the first time) to the kernel in one `writev(2)`
    /// (more only for a short write).
    private func flush() throws(StorageError) {
        guard !held.isEmpty else { return }
        // The pointers stay valid after each closure: the storage is retained until the write is done (what NIO's
        // own vector writes do).
        var storages: [Unmanaged<AnyObject>] = []
        storages.reserveCapacity(held.count)
        let pointers = held.map { fragment in
            fragment.withUnsafeReadableBytesWithStorageManagement { bytes, storage in
                storages.append(storage.retain())
                return bytes
            }
        }
        let e = POSIXFile.writeAll(fd, pointers)
        storages.forEach { $0.release() }
        held.removeAll(keepingCapacity: true)
        buffered = 0
        if let e { try fail("write", errno: e) }
    }

    private func fail(_ operation: String, path: String? = nil, errno: Int32) throws(StorageError) -> Never {
        let error = StorageError.io(operation, path ?? temporaryPath, errno: errno)
        abort()
        throw error
    }

    static func join(_ parts: String?...) -> String {
        parts.compactMap { $0 }.joined(separator: "/")
    }
}
