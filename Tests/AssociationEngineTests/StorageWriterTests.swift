import Foundation
import NIOCore
import TestSupport
import Testing
@testable import AssociationEngine
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// PS3.10 §7 Part-10 writing: meta information, bit-preserving data sets, sanitised names, no-clobber, no partial
/// files, flat memory.
@Suite struct StorageWriterTests {
    static let ctImage = "1.2.840.10008.5.1.4.1.1.2"
    static let explicitLE = "1.2.840.10008.1.2.1"

    /// A fresh directory tree: `root/store` is the storage directory; nothing else may appear under `root`.
    struct Sandbox {
        let root: String
        var store: String { root + "/store" }
        init() throws {
            root = NSTemporaryDirectory() + "assocmon-storage-" + UUID().uuidString
            try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        }
        func remove() { try? FileManager.default.removeItem(atPath: root) }
        /// Every regular file below `root`, relative to it.
        func files() -> [String] {
            let e = FileManager.default.enumerator(atPath: root)
            var out: [String] = []
            while let p = e?.nextObject() as? String {
                var isDir: ObjCBool = false
                if FileManager.default.fileExists(atPath: root + "/" + p, isDirectory: &isDir), !isDir.boolValue {
                    out.append(p)
                }
            }
            return out.sorted()
        }
    }

    /// A small, valid Explicit VR Little Endian data set: SOP Class/Instance UID and Patient's Name.
    static func dataSet(instance: String) -> [UInt8] {
        func element(_ group: UInt16, _ element: UInt16, _ vr: String, _ value: String, pad: UInt8) -> [UInt8] {
            var v = Array(value.utf8)
            if v.count % 2 == 1 { v.append(pad) }
            return [UInt8(group & 0xFF), UInt8(group >> 8), UInt8(element & 0xFF), UInt8(element >> 8)]
                + Array(vr.utf8) + [UInt8(v.count & 0xFF), UInt8(v.count >> 8)] + v
        }
        return element(0x0008, 0x0016, "UI", ctImage, pad: 0) + element(0x0008, 0x0018, "UI", instance, pad: 0)
            + element(0x0010, 0x0010, "PN", "TEST^ASSOCMON", pad: 0x20)
    }

    static func write(_ storage: StorageWriter, ae: String, uid: String, bytes: [UInt8],
                      fragment: Int = 7) throws(StorageError) -> StoredFile {
        let writer = try storage.begin(callingAETitle: ae, sopClassUID: ctImage, sopInstanceUID: uid,
                                       transferSyntaxUID: explicitLE, calledAETitle: "ASSOCMON")
        var offset = 0
        while offset < bytes.count {
            let end = min(bytes.count, offset + fragment)
            try writer.append(Array(bytes[offset..<end]))
            offset = end
        }
        return try writer.finish()
    }

    @Test func metaHeaderLayoutFollowsPS310() throws {
        let meta = FileMetaInformation(mediaStorageSOPClassUID: "1.2.3", mediaStorageSOPInstanceUID: "1.2.34\0",
                                       transferSyntaxUID: "1.2.840.10008.1.2", implementationClassUID: "1.2.3.4",
                                       implementationVersionName: "ABC", sourceApplicationEntityTitle: " STORESCU  ")
        let h = try meta.encodedHeader()
        #expect(h.prefix(128).allSatisfy { $0 == 0 })
        #expect(Array(h[128..<132]) == Array("DICM".utf8))
        #expect(Array(h[132..<140]) == [0x02, 0, 0, 0, 0x55, 0x4C, 4, 0])
        let groupLength = Int(h[140]) | Int(h[141]) << 8 | Int(h[142]) << 16 | Int(h[143]) << 24
        #expect(groupLength == h.count - 144)
        // (0002,0001) OB with 32-bit length, value 00 01.
        #expect(Array(h[144..<158]) == [0x02, 0, 0x01, 0, 0x4F, 0x42, 0, 0, 2, 0, 0, 0, 0x00, 0x01])
        // (0002,0002) "1.2.3" padded with NUL to 6.
        #expect(Array(h[158..<172]) == [0x02, 0, 0x02, 0, 0x55, 0x49, 6, 0] + Array("1.2.3".utf8) + [0])
        // (0002,0003): trailing NUL from the wire trimmed, then even length needs no pad.
        #expect(Array(h[172..<186]) == [0x02, 0, 0x03, 0, 0x55, 0x49, 6, 0] + Array("1.2.34".utf8))
        // Last element (0002,0016) AE: trimmed "STORESCU", even length, no pad; no (0002,0017)/(0002,0018) unless given.
        #expect(Array(h.suffix(16)) == [0x02, 0, 0x16, 0, 0x41, 0x45, 8, 0] + Array("STORESCU".utf8))
        var withReceiver = meta
        withReceiver.receivingApplicationEntityTitle = "AM"
        #expect(Array(try withReceiver.encodedHeader().suffix(10)) == [0x02, 0, 0x18, 0, 0x41, 0x45, 2, 0, 0x41, 0x4D])
        #expect(String(decoding: h, as: UTF8.self).contains("ABC "))
    }

    @Test(arguments: ["", "1.2.3\\4", String(repeating: "1", count: 65), "1.2\u{7}"])
    func invalidUIDsAreTypedErrors(uid: String) throws {
        let sandbox = try Sandbox(); defer { sandbox.remove() }
        let storage = try StorageWriter(directory: sandbox.store)
        #expect(throws: StorageError.self) {
            _ = try storage.begin(callingAETitle: "A", sopClassUID: Self.ctImage, sopInstanceUID: uid,
                                  transferSyntaxUID: Self.explicitLE)
        }
        do {
            _ = try storage.begin(callingAETitle: "A", sopClassUID: Self.ctImage, sopInstanceUID: uid,
                                  transferSyntaxUID: Self.explicitLE)
        } catch {
            #expect(error.status == 0xC000)
        }
        #expect(sandbox.files().isEmpty)
    }

    @Test func writtenFileParsesBackWithPydicomAndKeepsDataSetBytes() async throws {
        let sandbox = try Sandbox(); defer { sandbox.remove() }
        let storage = try StorageWriter(directory: sandbox.store, bufferCapacity: 4096)
        let uid = "1.2.826.0.1.3680043.2.1125.1.12345"
        let bytes = Self.dataSet(instance: uid)
        let stored = try Self.write(storage, ae: "STORESCU", uid: uid, bytes: bytes)
        #expect(stored.path == sandbox.store + "/STORESCU/" + uid + ".dcm")
        #expect(stored.dataSetBytes == bytes.count)
        let file = try #require(FileManager.default.contents(atPath: sandbox.store + "/STORESCU/" + uid + ".dcm"))
        #expect(file.count == stored.fileBytes)
        #expect(Array(file.suffix(bytes.count)) == bytes)
        #expect(try FileManager.default.contentsOfDirectory(atPath: sandbox.store + "/.tmp").isEmpty)

        let script = """
        import pydicom, sys
        ds = pydicom.dcmread(sys.argv[1])
        m = ds.file_meta
        print(m.FileMetaInformationVersion.hex(), m.MediaStorageSOPClassUID, m.MediaStorageSOPInstanceUID,
              m.TransferSyntaxUID, m.ImplementationClassUID, m.ImplementationVersionName, m.SourceApplicationEntityTitle,
              m.SendingApplicationEntityTitle, m.ReceivingApplicationEntityTitle, ds.SOPInstanceUID, str(ds.PatientName),
              sep="|")
        """
        let output = try await Self.python(script, sandbox.store + "/STORESCU/" + uid + ".dcm")
        #expect(output == ["0001", Self.ctImage, uid, Self.explicitLE, AssocmonImplementation.classUID,
                           AssocmonImplementation.versionName, "STORESCU", "STORESCU", "ASSOCMON", uid,
                           "TEST^ASSOCMON"].joined(separator: "|"))
    }

    /// The same data set in Implicit VR Little Endian (PS3.5 §7.1.3: no VR, 32-bit lengths).
    static func implicitDataSet(instance: String) -> [UInt8] {
        func element(_ group: UInt16, _ element: UInt16, _ value: String, pad: UInt8) -> [UInt8] {
            var v = Array(value.utf8)
            if v.count % 2 == 1 { v.append(pad) }
            let n = UInt32(v.count)
            return [UInt8(group & 0xFF), UInt8(group >> 8), UInt8(element & 0xFF), UInt8(element >> 8),
                    UInt8(n & 0xFF), UInt8((n >> 8) & 0xFF), UInt8((n >> 16) & 0xFF), UInt8(n >> 24)] + v
        }
        return element(0x0008, 0x0016, ctImage, pad: 0) + element(0x0008, 0x0018, instance, pad: 0)
            + element(0x0010, 0x0010, "TEST^ASSOCMON", pad: 0x20)
    }

    /// DCMTK reads the files back too: the meta header is what dcmdump expects, and the data set is parsed with
    /// the transfer syntax the meta names (Explicit and Implicit VR Little Endian).
    @Test(arguments: [true, false])
    func dcmdumpReadsTheFile(explicit: Bool) async throws {
        let sandbox = try Sandbox(); defer { sandbox.remove() }
        let storage = try StorageWriter(directory: sandbox.store)
        let uid = "1.2.826.0.1.3680043.2.1125.1.777"
        let writer = try storage.begin(callingAETitle: "STORESCU", sopClassUID: Self.ctImage, sopInstanceUID: uid,
                                       transferSyntaxUID: explicit ? Self.explicitLE : "1.2.840.10008.1.2",
                                       calledAETitle: "ASSOCMON")
        try writer.append(explicit ? Self.dataSet(instance: uid) : Self.implicitDataSet(instance: uid))
        let path = try #require(try writer.finish().path)
        let dump = try await Subprocess.run("/usr/bin/dcmdump", ["-q", path])
        let output = dump.stdout
        #expect(dump.status == 0, "\(output)\(dump.stderr)")
        #expect(output.contains("(0002,0010) UI =" + (explicit ? "LittleEndianExplicit" : "LittleEndianImplicit")))
        #expect(output.contains("(0002,0016) AE [STORESCU]"))
        #expect(output.contains("(0002,0018) AE [ASSOCMON]"))
        #expect(output.contains("(0008,0018) UI [\(uid)]"))
        #expect(output.contains("(0010,0010) PN [TEST^ASSOCMON]"))
    }

    static func python(_ script: String, _ argument: String) async throws -> String {
        // Through PATH: pydicom lives with the python3 the environment provides (pyenv, venv), not always /usr/bin.
        let outcome = try await Subprocess.run("/usr/bin/env", ["python3", "-c", script, argument])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        return outcome.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test(arguments: [
        ("../../etc", "_._.._etc"), ("a/b", "a_b"), ("x\0y", "x_y"), ("ctl\u{1}\u{1B}", "ctl__"), ("..", "_."),
        ("", "_"), ("   ", "_"), (".hidden", "_hidden"), ("back\\slash", "back_slash"), ("  MOD1  ", "MOD1"),
        ("é", "__"), (String(repeating: "A", count: 100), String(repeating: "A", count: 64)),
    ])
    func pathComponentsAreSanitised(raw: String, expected: String) {
        #expect(PathComponent.sanitized(raw) == expected)
    }

    @Test func hostileNamesStayInsideTheStorageDirectory() throws {
        let sandbox = try Sandbox(); defer { sandbox.remove() }
        let storage = try StorageWriter(directory: sandbox.store)
        let hostile = ["../../etc", "a/b", "x\0y", "\u{1}\n", "..", "", ".", "/abs", "..\\..", ".tmp"]
        for (i, name) in hostile.enumerated() {
            let stored = try Self.write(storage, ae: name, uid: i % 2 == 0 ? "../../\(i)" : "/abs/\(i)",
                                        bytes: Self.dataSet(instance: "1.2.\(i)"))
            let path = try #require(stored.path)
            #expect(path.hasPrefix(sandbox.store + "/"))
            let relative = path.dropFirst(sandbox.store.count + 1).split(separator: "/", omittingEmptySubsequences: false)
            #expect(relative.count == 2)
            #expect(relative.allSatisfy { !$0.hasPrefix(".") && !$0.isEmpty })
        }
        let files = sandbox.files()
        #expect(files.count == hostile.count)
        #expect(files.allSatisfy { $0.hasPrefix("store/") && !$0.hasPrefix("store/.tmp") })
    }

    @Test func duplicatesNeverOverwrite() throws {
        let sandbox = try Sandbox(); defer { sandbox.remove() }
        let storage = try StorageWriter(directory: sandbox.store)
        var paths: [String] = []
        for i in 0..<4 {
            paths.append(try #require(try Self.write(storage, ae: "DUP", uid: "1.2.3", bytes: [UInt8(i), 0]).path))
        }
        #expect(paths.map { ($0 as NSString).lastPathComponent } == ["1.2.3.dcm", "1.2.3.1.dcm", "1.2.3.2.dcm",
                                                                     "1.2.3.3.dcm"])
        for (i, path) in paths.enumerated() {
            let data = try #require(FileManager.default.contents(atPath: path))
            #expect(Array(data.suffix(2)) == [UInt8(i), 0])
        }
    }

    /// An operator clearing the storage directory while assocmon runs (`rm -rf DIR/.tmp`, or `rm -rf DIR`) costs
    /// nothing but what was deleted: the next stores create the directories again and land where they belong.
    @Test func deletedStorageDirectoriesAreCreatedAgain() throws {
        let sandbox = try Sandbox(); defer { sandbox.remove() }
        let storage = try StorageWriter(directory: sandbox.store, sync: .none)
        _ = try Self.write(storage, ae: "CT", uid: "1.1", bytes: Self.dataSet(instance: "1.1"))
        try FileManager.default.removeItem(atPath: sandbox.store + "/" + StorageWriter.temporaryDirectoryName)
        let second = try Self.write(storage, ae: "CT", uid: "1.2", bytes: Self.dataSet(instance: "1.2"))
        #expect(second.path == sandbox.store + "/CT/1.2.dcm")
        try FileManager.default.removeItem(atPath: sandbox.store)
        let third = try Self.write(storage, ae: "MR", uid: "1.3", bytes: Self.dataSet(instance: "1.3"))
        #expect(third.path == sandbox.store + "/MR/1.3.dcm")
        #expect(sandbox.files() == ["store/MR/1.3.dcm"], "nothing partial, and the new tree is complete")
        let data = try #require(FileManager.default.contents(atPath: sandbox.store + "/MR/1.3.dcm"))
        #expect(Array(data.suffix(Self.dataSet(instance: "1.3").count)) == Self.dataSet(instance: "1.3"))
    }

    /// A store that was being written when its temporary file was deleted fails with a storage error (the
    /// requestor gets a failure status, never a success for lost data); the next one succeeds.
    @Test func aStoreWhoseTemporaryFileWasDeletedFailsAndTheNextSucceeds() throws {
        let sandbox = try Sandbox(); defer { sandbox.remove() }
        let storage = try StorageWriter(directory: sandbox.store, sync: .none)
        let writer = try storage.begin(callingAETitle: "CT", sopClassUID: Self.ctImage, sopInstanceUID: "2.1",
                                       transferSyntaxUID: Self.explicitLE, calledAETitle: "ASSOCMON")
        try writer.append(Self.dataSet(instance: "2.1"))
        try FileManager.default.removeItem(atPath: sandbox.store)
        #expect(throws: StorageError.self) { _ = try writer.finish() }
        let next = try Self.write(storage, ae: "CT", uid: "2.2", bytes: Self.dataSet(instance: "2.2"))
        #expect(next.path == sandbox.store + "/CT/2.2.dcm")
        #expect(sandbox.files() == ["store/CT/2.2.dcm"])
    }

    @Test func concurrentDuplicatesGetDistinctNames() async throws {
        let sandbox = try Sandbox(); defer { sandbox.remove() }
        let storage = try StorageWriter(directory: sandbox.store)
        let sessions = (0..<16).map { _ in
            storage.startSession(callingAETitle: "RACE", sopClassUID: Self.ctImage, sopInstanceUID: "9.9",
                                 transferSyntaxUID: Self.explicitLE)
        }
        let paths = try await withThrowingTaskGroup(of: String?.self) { group in
            for (i, session) in sessions.enumerated() {
                session.append(ByteBuffer(bytes: [UInt8(i), 1]))
                group.addTask { try await session.finish().path }
            }
            return try await group.reduce(into: [String]()) { if let p = $1 { $0.append(p) } }
        }
        #expect(Set(paths).count == 16)
        #expect(sandbox.files().count == 16)
    }

    @Test func aFailureToPlaceTheFileLeavesNothing() throws {
        let sandbox = try Sandbox(); defer { sandbox.remove() }
        let storage = try StorageWriter(directory: sandbox.store)
        // A regular file where the AE directory should be: mkdir fails EEXIST, open fails ENOTDIR (even as root).
        _ = FileManager.default.createFile(atPath: sandbox.store + "/BLOCKED", contents: Data([1]))
        #expect(throws: StorageError.self) {
            _ = try Self.write(storage, ae: "BLOCKED", uid: "1.2.3", bytes: Self.dataSet(instance: "1.2.3"))
        }
        #expect(sandbox.files() == ["store/BLOCKED"])
    }

    /// A full disk, for real: the temporary file's descriptor is replaced (same number, `dup2`) by `/dev/full`,
    /// whose writes fail with ENOSPC even for root. Whether the failure hits a direct write of a large fragment or
    /// the final flush in `finish()`, the answer is 0xA700 and nothing is left, in `.tmp` or in place.
    @Test(arguments: [true, false])
    func aFullDiskAnswersOutOfResourcesAndLeavesNothing(largeFragment: Bool) throws {
        let sandbox = try Sandbox(); defer { sandbox.remove() }
        let storage = try StorageWriter(directory: sandbox.store, bufferCapacity: 4096)
        let writer = try storage.begin(callingAETitle: "FULL", sopClassUID: Self.ctImage, sopInstanceUID: "1.2.3",
                                       transferSyntaxUID: Self.explicitLE)
        let full = open("/dev/full", O_WRONLY)
        try #require(full >= 0)
        defer { close(full) }
        try #require(dup2(full, writer.fd) == writer.fd)
        #expect(sandbox.files().count == 1)  // the temporary file, still named in .tmp
        do {
            if largeFragment {
                try writer.append([UInt8](repeating: 1, count: 8192))
            } else {
                try writer.append([1, 2, 3, 4])
                _ = try writer.finish()
            }
            Issue.record("a write to /dev/full succeeded")
        } catch {
            #expect(error.errno == ENOSPC)
            #expect(error.status == 0xA700)
            #expect(error.description.contains("No space left"))
        }
        #expect(sandbox.files().isEmpty)
        #expect(throws: StorageError.self) { _ = try writer.finish() }
    }

    @Test func aSymbolicLinkAsTheAEDirectoryIsNotFollowed() throws {
        let sandbox = try Sandbox(); defer { sandbox.remove() }
        let storage = try StorageWriter(directory: sandbox.store)
        try FileManager.default.createDirectory(atPath: sandbox.root + "/outside", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: sandbox.store + "/LINKED",
                                                   withDestinationPath: sandbox.root + "/outside")
        do {
            _ = try Self.write(storage, ae: "LINKED", uid: "1.2.3", bytes: [0, 0])
            Issue.record("a store through a symbolic link succeeded")
        } catch {
            #expect(error.status == 0xA700)
            #expect(error.errno != nil)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: sandbox.root + "/outside").isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: sandbox.store + "/.tmp").isEmpty)
    }

    @Test(.enabled(if: getuid() != 0, "root ignores directory permissions"))
    func aReadOnlyDirectoryFailsWithOutOfResourcesAndLeavesNothing() throws {
        let sandbox = try Sandbox(); defer { sandbox.remove() }
        let storage = try StorageWriter(directory: sandbox.store)
        chmod(sandbox.store, 0o555)
        defer { chmod(sandbox.store, 0o755) }
        do {
            _ = try Self.write(storage, ae: "RO", uid: "1.2.3", bytes: [0, 0])
            Issue.record("a store into a read-only directory succeeded")
        } catch {
            #expect(error.status == 0xA700)
            #expect(error.errno == EACCES)
        }
        #expect(sandbox.files().isEmpty)
    }

    @Test func abortRemovesTheTemporaryFile() throws {
        let sandbox = try Sandbox(); defer { sandbox.remove() }
        let storage = try StorageWriter(directory: sandbox.store)
        let writer = try storage.begin(callingAETitle: "A", sopClassUID: Self.ctImage, sopInstanceUID: "1.2",
                                       transferSyntaxUID: Self.explicitLE)
        try writer.append([1, 2, 3, 4])
        #expect(sandbox.files().count == 1)
        writer.abort()
        #expect(sandbox.files().isEmpty)
        #expect(throws: StorageError.self) { try writer.append([1, 2]) }
        // Dropping an unfinished writer cleans up too.
        do {
            let dropped = try storage.begin(callingAETitle: "A", sopClassUID: Self.ctImage, sopInstanceUID: "1.3",
                                            transferSyntaxUID: Self.explicitLE)
            try dropped.append([1, 2])
        }
        #expect(sandbox.files().isEmpty)
    }

    @Test func purgeRemovesLeftoversOfACrashedRun() throws {
        let sandbox = try Sandbox(); defer { sandbox.remove() }
        let storage = try StorageWriter(directory: sandbox.store)
        _ = FileManager.default.createFile(atPath: sandbox.store + "/.tmp/old.partial", contents: Data([1]))
        #expect(storage.purgeTemporaryFiles() == 1)
        #expect(sandbox.files().isEmpty)
    }

    @Test func noStoreCountsAndDiscards() async throws {
        let storage = StorageWriter.discarding()
        let writer = try storage.begin(callingAETitle: "A", sopClassUID: Self.ctImage, sopInstanceUID: "1.2",
                                       transferSyntaxUID: Self.explicitLE)
        try writer.append([UInt8](repeating: 7, count: 1000))
        try writer.append([1, 2])
        let stored = try writer.finish()
        #expect(stored.path == nil)
        #expect(stored.dataSetBytes == 1002)
        let session = storage.startSession(callingAETitle: "A", sopClassUID: Self.ctImage, sopInstanceUID: "1.2",
                                           transferSyntaxUID: Self.explicitLE)
        session.append(ByteBuffer(bytes: [1, 2, 3, 4]))
        #expect(try await session.finish().dataSetBytes == 4)
    }

    @Test func sessionReportsTheFirstErrorAtFinish() async throws {
        let sandbox = try Sandbox(); defer { sandbox.remove() }
        let storage = try StorageWriter(directory: sandbox.store)
        let session = storage.startSession(callingAETitle: "A", sopClassUID: Self.ctImage, sopInstanceUID: "",
                                           transferSyntaxUID: Self.explicitLE)
        session.append(ByteBuffer(bytes: [1, 2]))
        do {
            _ = try await session.finish()
            Issue.record("an empty SOP Instance UID was stored")
        } catch {
            #expect(error.status == 0xC000)
        }
        #expect(sandbox.files().isEmpty)
    }

    /// 200 MiB in 16 KiB fragments (a typical P-DATA PDV): memory held by the writer never exceeds its buffer, and
    /// the session's queue stays bounded by the watermarks when the producer honours them.
    @Test func largeStreamedStoreKeepsMemoryFlat() async throws {
        let sandbox = try Sandbox(); defer { sandbox.remove() }
        let capacity = 256 << 10
        let storage = try StorageWriter(directory: sandbox.store, bufferCapacity: capacity)
        let fragmentSize = 16 << 10
        let fragments = (200 << 20) / fragmentSize
        var fragment = ByteBuffer()
        fragment.writeBytes((0..<fragmentSize).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) })

        let session = storage.startSession(callingAETitle: "BIG", sopClassUID: Self.ctImage, sopInstanceUID: "7.7",
                                           transferSyntaxUID: Self.explicitLE)
        for i in 0..<fragments {
            var f = fragment
            f.setInteger(UInt32(i), at: 0)  // Each fragment distinct, so misordering would show.
            if session.append(f) > StoreSession.highWatermark {
                await session.queued(atMost: StoreSession.lowWatermark)
            }
        }
        let stored = try await session.finish()
        #expect(stored.dataSetBytes == fragments * fragmentSize)
        #expect(session.peakQueuedBytes <= StoreSession.highWatermark + fragmentSize)

        let path = try #require(stored.path)
        let handle = try #require(FileHandle(forReadingAtPath: path))
        defer { try? handle.close() }
        let headerCount = stored.fileBytes - stored.dataSetBytes
        try handle.seek(toOffset: UInt64(headerCount))
        for i in 0..<fragments {
            let chunk = try #require(try handle.read(upToCount: fragmentSize))
            var expected = fragment
            expected.setInteger(UInt32(i), at: 0)
            guard Data(expected.readableBytesView) == chunk else {
                Issue.record("fragment \(i) differs")
                break
            }
        }

        // The synchronous writer's own buffer bound.
        let writer = try storage.begin(callingAETitle: "BIG", sopClassUID: Self.ctImage, sopInstanceUID: "7.8",
                                       transferSyntaxUID: Self.explicitLE)
        for _ in 0..<fragments { try writer.append(fragment) }
        #expect(writer.peakBufferedBytes <= capacity)
        #expect(writer.dataSetBytes == fragments * fragmentSize)
        writer.abort()
    }
}
