import Foundation
import NIOConcurrencyHelpers
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes received C-STORE data sets as DICOM Part-10 files (PS3.10 §7) under `--storage-dir`, or only counts
/// them with `--no-store`.
///
/// One `StorageWriter` serves the whole run (it is `Sendable`); each C-STORE gets its own file writer:
/// ```
/// let storage = try StorageWriter(directory: options.storageDirectory)      // or .discarding()
/// _ = storage.purgeTemporaryFiles()                                          // once, at start-up
/// // On a C-STORE-RQ command (the event loop is fine: StoreSession never blocks):
/// let session = storage.startSession(callingAETitle: rq.callingAETitle, sopClassUID: affectedSOPClass,
///                                    sopInstanceUID: affectedSOPInstance, transferSyntaxUID: context.transferSyntax)
/// // For each data set PDV fragment, in order:
/// if session.append(pdv.fragment) > StoreSession.highWatermark {
///     channel.setOption(ChannelOptions.autoRead, value: false)
///     session.whenQueued(atMost: StoreSession.lowWatermark) {
///         channel.eventLoop.execute { _ = channel.setOption(ChannelOptions.autoRead, value: true) }
///     }
/// }
/// // On the last fragment:
/// session.finish { result in channel.eventLoop.execute {
///     switch result {
///     case .success(let file): answer 0x0000, publish .stored(file.path, file.fileBytes)
///     case .failure(let error): answer error.status (0xA700), log error.description
///     } } }
/// // On A-ABORT, transport loss or shutdown before the last fragment: session.abort()
/// ```
/// `begin(...)` gives the same operations synchronously (`Part10FileWriter`), blocking on `write(2)`: use it from
/// a `NIOThreadPool` or another thread of your own, never on an event loop.
///
/// Layout and safety:
/// - Temporary files live in `<storage-dir>/.tmp/` (same file system, so the final step is a link/rename, never a
///   copy). The file meta information is written first, the data set is streamed after it byte for byte (never
///   transcoded, never copied in user space: the received buffers go to `writev(2)`), then the file is linked into
///   `<storage-dir>/<calling AE>/<SOP instance UID>.dcm`, before the C-STORE-RSP. When it reaches stable storage
///   depends on `sync` (`StorageSyncMode`): `fsync`ed with its directory before the link returns (`each`), by the
///   background `flusher` within about a second (`release`; `StoredFile.durabilityTicket` says what to wait for),
///   or whenever the kernel writes it back (`none`).
/// - Both wire-derived names go through `PathComponent.sanitized`; the AE directory is opened with `O_NOFOLLOW`
///   and every later step is relative to open directory descriptors, so neither a hostile name nor a symbolic link
///   planted in the storage directory can redirect a write.
/// - A file never replaces another: an existing `<uid>.dcm` makes it `<uid>.1.dcm`, then `.2.dcm`, ... decided by
///   `linkat(2)` failing with `EEXIST` (atomic, no check-then-rename race).
/// - Any failure removes the temporary file: nothing partial remains, in `.tmp` or in place.
/// - A storage directory or `.tmp` deleted while assocmon runs (an operator clearing old files for weeks of
///   service) is created again by the next store; only stores whose temporary file was deleted with it fail.
public final class StorageWriter: Sendable {
    /// The storage directory as given (`nil` with `--no-store`).
    public let directory: String?
    /// Size of each file writer's copy buffer: the most data set bytes a file writer holds in memory at once.
    public let bufferCapacity: Int
    public let implementationClassUID: String
    public let implementationVersionName: String

    /// Name of the temporary directory inside the storage directory.
    public static let temporaryDirectoryName = ".tmp"
    static let temporarySuffix = ".partial"

    /// A temporary file name no other file of this process or of another assocmon sharing the directory takes:
    /// 64 random bits drawn once per process, then a counter. (`UUID()` for every file opened, read and closed
    /// `/dev/urandom` each time; `O_EXCL` still refuses any collision.)
    static func nextTemporaryName() -> String {
        let n = temporaryCounter.withLockedValue { counter -> UInt64 in
            counter &+= 1
            return counter
        }
        return temporaryPrefix + String(n, radix: 16) + temporarySuffix
    }
    private static let temporaryPrefix = String(UInt64.random(in: .min ... .max), radix: 16) + "-"
    private static let temporaryCounter = NIOLockedValueBox<UInt64>(0)

    /// When stored files are made durable (`--sync`).
    public let sync: StorageSyncMode
    /// The background flusher of `StorageSyncMode.release`; nil in the other modes and with `--no-store`.
    public let flusher: DurabilityFlusher?
    /// Forces one file's data to stable storage (`fsync(2)`), returning the `errno` of a failure; replaceable so
    /// tests can count the calls.
    let fileSync: @Sendable (Int32) -> Int32?

    /// The storage directory and its `.tmp`, open. Each file writer keeps the pair it started in, so a pair
    /// replaced by `reopenDirectories` stays open until its last writer is done.
    struct Directories: Sendable {
        let root: OwnedDescriptor
        let temporary: OwnedDescriptor
    }

    /// nil with `--no-store`.
    private let openDirectories: NIOLockedValueBox<Directories>?

    /// The per-AE directories files were linked into, kept open: opening one for every file (`mkdirat`, `openat`,
    /// `close`) was three path lookups per C-STORE. Each belongs to the storage directory descriptor it was opened
    /// in; at most `aeDirectoryLimit` are kept (then the table starts again), so peers cycling through AE titles
    /// cannot pile up descriptors.
    private let aeDirectories = NIOLockedValueBox<[String: (root: ObjectIdentifier, directory: OwnedDescriptor)]>([:])
    static let aeDirectoryLimit = 64

    /// The directories new files start in.
    var directories: Directories? { openDirectories?.withLockedValue { $0 } }

    /// Opens (creating as needed, like `mkdir -p`) `directory` and its `.tmp` subdirectory.
    ///
    /// Throws a `StorageError` naming the directory if it cannot be created or opened, so `assocmon` can refuse to
    /// start instead of failing each store later.
    ///
    /// - Parameters:
    ///   - sync: when files become durable (`StorageSyncMode`).
    ///   - flushInterval: with `release`, the longest a stored file waits for the flusher when nobody waits for it.
    ///   - fileSync: the per-file flush of `each` (`fsync(2)`); tests inject a counting one.
    ///   - fileSystemSync: the batch flush of `release`, given the storage directory's descriptor (`syncfs(2)`);
    ///     tests inject a slow one.
    public init(directory: String, bufferCapacity: Int = 256 << 10,
                implementationClassUID: String = AssocmonImplementation.classUID,
                implementationVersionName: String = AssocmonImplementation.versionName,
                sync: StorageSyncMode = .release, flushInterval: TimeInterval = 1,
                fileSync: (@Sendable (Int32) -> Int32?)? = nil,
                fileSystemSync: (@Sendable (Int32) -> Int32?)? = nil) throws(StorageError) {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw StorageError.io("create directory", directory, errno: (error as NSError).underlyingErrorErrno)
        }
        let directories = try Self.openDirectories(directory)
        openDirectories = NIOLockedValueBox(directories)
        self.directory = directory
        self.bufferCapacity = max(4096, bufferCapacity)
        self.implementationClassUID = implementationClassUID
        self.implementationVersionName = implementationVersionName
        self.sync = sync
        self.fileSync = fileSync ?? POSIXFile.fsyncRetrying
        if sync == .release {
            // The flusher outlives this writer by its last flush, so it keeps a descriptor of its own.
            let directoryFD = OwnedDescriptor(dup(directories.root.fd))
            let flush = fileSystemSync ?? POSIXFile.syncFileSystem
            flusher = DurabilityFlusher(interval: flushInterval, sync: { flush(directoryFD.fd) })
        } else {
            flusher = nil
        }
    }

    private init(discardingWithBufferCapacity capacity: Int) {
        directory = nil
        bufferCapacity = capacity
        implementationClassUID = AssocmonImplementation.classUID
        implementationVersionName = AssocmonImplementation.versionName
        openDirectories = nil
        sync = .none
        flusher = nil
        fileSync = { _ in nil }
    }

    /// `--no-store`: every file writer only counts the data set bytes and drops them.
    public static func discarding() -> StorageWriter { StorageWriter(discardingWithBufferCapacity: 0) }

    /// `true` with `--no-store`.
    public var isDiscarding: Bool { directory == nil }

    /// Opens `directory` (created like `mkdir -p`) and its `.tmp` (created as needed).
    private static func openDirectories(_ directory: String) throws(StorageError) -> Directories {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw StorageError.io("create directory", directory, errno: (error as NSError).underlyingErrorErrno)
        }
        let root = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard root >= 0 else { throw StorageError.io("open directory", directory, errno: POSIXFile.currentErrno) }
        switch POSIXFile.openOrCreateDirectory(Self.temporaryDirectoryName, in: root) {
        case .success(let temporary):
            return Directories(root: OwnedDescriptor(root), temporary: OwnedDescriptor(temporary))
        case .failure(let e):
            close(root)
            throw StorageError.io("create directory", directory + "/" + Self.temporaryDirectoryName, errno: e)
        }
    }

    /// After `stale` turned out to be deleted (a file could not be created in it: `ENOENT`), creates and opens the
    /// storage directory and `.tmp` again by path and makes them the ones new files start in. When another writer
    /// already did, returns its pair.
    func reopenDirectories(replacing stale: Directories) throws(StorageError) -> Directories {
        guard let directory, let openDirectories else { return stale }
        let current = openDirectories.withLockedValue { $0 }
        guard current.root === stale.root else { return current }
        let fresh = try Self.openDirectories(directory)
        return openDirectories.withLockedValue { directories in
            if directories.root === stale.root { directories = fresh }
            return directories
        }
    }

    /// The open directory `name` (a sanitised AE title) inside `directories.root`, created if needed. `reopen`
    /// after it turned out to be deleted (a link into it failed with ENOENT): opened again by name.
    func aeDirectory(_ name: String, in directories: Directories, reopen: Bool) -> OpenedDirectory {
        let root = ObjectIdentifier(directories.root)
        if !reopen, let cached = aeDirectories.withLockedValue({ $0[name] }), cached.root == root {
            return .success(cached.directory)
        }
        switch POSIXFile.openOrCreateDirectory(name, in: directories.root.fd) {
        case .success(let fd):
            let directory = OwnedDescriptor(fd)
            aeDirectories.withLockedValue { table in
                if table.count >= Self.aeDirectoryLimit, table[name] == nil { table.removeAll() }
                table[name] = (root, directory)
            }
            return .success(directory)
        case .failure(let e):
            return .failure(e)
        }
    }

    /// An open directory, or the errno of the failure.
    enum OpenedDirectory {
        case success(OwnedDescriptor)
        case failure(Int32)
    }

    /// Starts one Part-10 file synchronously: creates the temporary file and writes the preamble and file meta
    /// information. **Blocks** on file I/O: call from a thread pool, not an event loop (see `startSession` for the
    /// non-blocking form).
    ///
    /// - Parameters:
    ///   - callingAETitle: the association's calling AE title: the directory name (sanitised) and (0002,0016).
    ///   - sopClassUID: Affected SOP Class UID (0000,0002) → (0002,0002).
    ///   - sopInstanceUID: Affected SOP Instance UID (0000,1000) → (0002,0003) and the file name (sanitised).
    ///   - transferSyntaxUID: the presentation context's accepted transfer syntax → (0002,0010).
    ///   - calledAETitle: the association's called AE title → (0002,0018) Receiving AE Title, when given.
    /// - Throws: `StorageError` (status 0xA700 for I/O, 0xC000 for a UID that cannot be written).
    public func begin(callingAETitle: String, sopClassUID: String, sopInstanceUID: String,
                      transferSyntaxUID: String, calledAETitle: String? = nil) throws(StorageError) -> Part10FileWriter {
        let meta = FileMetaInformation(mediaStorageSOPClassUID: sopClassUID,
                                       mediaStorageSOPInstanceUID: sopInstanceUID,
                                       transferSyntaxUID: transferSyntaxUID,
                                       implementationClassUID: implementationClassUID,
                                       implementationVersionName: implementationVersionName,
                                       sourceApplicationEntityTitle: callingAETitle,
                                       sendingApplicationEntityTitle: callingAETitle,
                                       receivingApplicationEntityTitle: calledAETitle)
        return try Part10FileWriter(storage: self, meta: meta, callingAETitle: callingAETitle)
    }

    /// Starts one Part-10 file on a private serial queue and returns at once; safe to call on an event loop.
    /// Errors (including from creating the file) surface in `StoreSession.finish`.
    public func startSession(callingAETitle: String, sopClassUID: String, sopInstanceUID: String,
                             transferSyntaxUID: String, calledAETitle: String? = nil) -> StoreSession {
        StoreSession(storage: self, callingAETitle: callingAETitle, sopClassUID: sopClassUID,
                     sopInstanceUID: sopInstanceUID, transferSyntaxUID: transferSyntaxUID, calledAETitle: calledAETitle)
    }

    /// Removes `*.partial` files left in `.tmp` by a run that crashed or was killed. Call once at start-up, before
    /// accepting associations (another assocmon sharing the directory would lose its in-flight stores).
    /// Returns how many files were removed.
    @discardableResult
    public func purgeTemporaryFiles() -> Int {
        guard let directory, let directories else { return 0 }
        let path = directory + "/" + Self.temporaryDirectoryName
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        var removed = 0
        for name in names where name.hasSuffix(Self.temporarySuffix) {
            if unlinkat(directories.temporary.fd, name, 0) == 0 { removed += 1 }
        }
        return removed
    }
}

/// A descriptor closed when the last reference goes.
final class OwnedDescriptor: Sendable {
    let fd: Int32
    init(_ fd: Int32) { self.fd = fd }
    deinit { if fd >= 0 { close(fd) } }
}

extension NSError {
    /// The POSIX errno behind a Foundation file error, or `EIO` when there is none.
    var underlyingErrorErrno: Int32 {
        if domain == NSPOSIXErrorDomain { return Int32(code) }
        if let underlying = userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return Int32(underlying.code)
        }
        return EIO
    }
}
