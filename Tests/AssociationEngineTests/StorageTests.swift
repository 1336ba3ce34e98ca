import AssociationEngine
import Foundation
import TestSupport
import Testing

/// C-STORE with DCMTK's storescu: the files written under `--storage-dir` carry the sender's data sets byte for
/// byte (stored bit-preserving, never transcoded).
@Suite(.timeLimit(.minutes(2)))
struct StorageTests {
    /// The data set bytes of a Part-10 file: after the 128-byte preamble, `DICM`, and group 0002 (whose length
    /// (0002,0000) UL gives, PS3.10 §7.1).
    static func dataSet(ofFile path: String) throws -> Data {
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        try #require(bytes.count > 144 && bytes[128..<132] == Data("DICM".utf8))
        // (0002,0000) UL, explicit VR: tag(4) "UL"(2) length(2) value(4) at offset 132.
        let groupLength = bytes[(bytes.startIndex + 140)..<(bytes.startIndex + 144)]
            .enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        return bytes.subdata(in: (144 + groupLength)..<bytes.count)
    }

    static func makeFiles(count: Int, in directory: String, rows: Int = 64) async throws -> [(String, String)] {
        let script = PeerScripts.directory + "/make_dicom.py"
        let outcome = try await Subprocess.run("/usr/bin/env", ["python3", script, directory, "\(count)", "\(rows)"])
        try #require(outcome.status == 0, "\(outcome.stderr)")
        return outcome.stdout.split(separator: "\n").map {
            let parts = $0.split(separator: "\t")
            return (String(parts[0]), String(parts.count > 1 ? parts[1] : ""))
        }
    }

    static func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "assocmon-test-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func storescuFilesAreStoredWithIdenticalDataSets() async throws {
        let work = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: work) }
        let files = try await Self.makeFiles(count: 3, in: work + "/in", rows: 256)  // 128 KiB pixel data each
        try await withEngine(configure: {
            $0.policy = .accept
            $0.noStore = false
            $0.storageDirectory = work + "/received"
        }) { harness in
            let outcome = try await Subprocess.run("/usr/bin/storescu", [
                "-aet", "STORESCU", "-aec", "ASSOCMON", "127.0.0.1", "\(harness.port)",
            ] + files.map(\.0))
            #expect(outcome.status == 0, "\(outcome.stderr)")
            for (path, uid) in files {
                let stored = try #require(await harness.waitFor { $0.stored?.sopInstanceUID == uid }?.stored)
                let expectedPath = work + "/received/STORESCU/\(uid).dcm"
                #expect(stored.path.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
                    == URL(fileURLWithPath: expectedPath).standardizedFileURL.path)
                #expect(try Self.dataSet(ofFile: expectedPath) == Self.dataSet(ofFile: path))
            }
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: work + "/received/.tmp")
            #expect(leftovers.isEmpty, "no partial files")
            let received = harness.events.compactMap(\.dimseMessage).filter { $0.command == "C-STORE-RQ" }
            #expect(received.count == 3)
            #expect(received.allSatisfy { $0.bytes > 131_072 })
            // Each P-DATA-TF is longer than the first reads (2 KiB) and reaches the DIMSE provider in pieces as it
            // arrives, cut at any byte: an item is judged as sent, so no odd-fragment finding from a cut.
            #expect(received.allSatisfy { ($0.findings ?? []).allSatisfy { $0.code != "pdv.odd-fragment" } })
        }
    }

    @Test func noStoreCountsAndWritesNothing() async throws {
        let work = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: work) }
        let files = try await Self.makeFiles(count: 1, in: work + "/in")
        try await withEngine(configure: {
            $0.policy = .accept
            $0.noStore = true
            $0.storageDirectory = work + "/received"
        }) { harness in
            let outcome = try await Subprocess.run("/usr/bin/storescu", [
                "-aec", "ASSOCMON", "127.0.0.1", "\(harness.port)", files[0].0,
            ])
            #expect(outcome.status == 0, "\(outcome.stderr)")
            let stored = try #require(await harness.waitFor { $0.stored != nil }?.stored)
            #expect(stored.path == nil && stored.bytes > 8_000)
            #expect(!FileManager.default.fileExists(atPath: work + "/received/STORESCU"))
        }
    }
}
