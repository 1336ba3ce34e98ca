import AssociationEngine
import DICOMUpperLayer
import Foundation
import NIOCore
import NIOPosix
import Testing
import TestSupport

/// assocmon's requestor against real acceptors: DCMTK `storescp` and a pynetdicom SCP, each on 127.0.0.1 and stopped
/// by pid. C-ECHO, C-STORE (streamed from a Part-10 file, and from bytes), release, abort, and a rejection.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct AssociationRequestorTests {
    static let verification = "1.2.840.10008.1.1"
    static let ctImage = "1.2.840.10008.5.1.4.1.1.2"
    static let explicitLittle = "1.2.840.10008.1.2.1"
    static let implicitLittle = "1.2.840.10008.1.2"

    static func proposal(called: String) -> AAssociateRQ {
        AssociationRequestor.proposal(calling: "ASSOCMON", called: called,
                                      abstractSyntaxes: [verification, ctImage],
                                      transferSyntaxes: [explicitLittle, implicitLittle])
    }

    /// CT Part-10 files written by pydicom (Explicit VR Little Endian), with their SOP Instance UIDs.
    static func makeFiles(in directory: URL, count: Int = 1, rows: Int = 64) async throws
        -> [(path: String, uid: String)] {
        let outcome = try await Subprocess.run("/usr/bin/env", ["python3",
            PeerScripts.directory + "/make_dicom.py", directory.path, "\(count)", "\(rows)",
        ])
        var files: [(path: String, uid: String)] = []
        for line in outcome.stdout.split(separator: "\n") {
            let fields = line.split(separator: "\t")
            if fields.count == 2 { files.append((String(fields[0]), String(fields[1]))) }
        }
        guard outcome.status == 0, files.count == count else {
            throw AssociationRequestorError.invalidMessage("make_dicom.py: \(outcome.stderr)")
        }
        return files
    }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("requestor-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A port below the kernel's ephemeral range that was free a moment ago (other tests bind port 0).
    static func freePort() async throws -> Int {
        for _ in 0..<50 {
            let candidate = Int.random(in: 20_000..<32_000)
            guard let channel = try? await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .bind(host: "127.0.0.1", port: candidate).get() else { continue }
            try await channel.close()
            return candidate
        }
        throw AssociationRequestorError.connectionFailed("no free port")
    }

    /// Associates, retrying while the freshly started peer is not listening yet (at most `seconds`).
    static func associate(_ rq: AAssociateRQ, port: Int, seconds: Int = 10) async throws -> AssociationRequestor {
        for _ in 0..<(seconds * 10) {
            do {
                return try await AssociationRequestor.associate(rq, port: port, timeout: .seconds(10))
            } catch AssociationRequestorError.connectionFailed {
                try await Task.sleep(for: .milliseconds(100))
            }
        }
        return try await AssociationRequestor.associate(rq, port: port, timeout: .seconds(10))
    }

    // MARK: - DCMTK storescp

    @Test func echoStoreAndReleaseWithStorescp() async throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let received = directory.appendingPathComponent("received")
        try FileManager.default.createDirectory(at: received, withIntermediateDirectories: true)
        let files = try await Self.makeFiles(in: directory, count: 2)
        let (file, second) = (files[0], files[1])
        let port = try await Self.freePort()
        let process = try Subprocess(["/usr/bin/storescp", "-aet", "STORESCP", "-od", received.path, "\(port)"])
        defer { process.stop() }

        let association = try await Self.associate(Self.proposal(called: "STORESCP"), port: port)
        #expect(try await association.echo() == .success)
        #expect(try await association.store(file: file.path, chunkSize: 1_000) == .success)
        // The second file's data set from bytes.
        let bytes = try Data(contentsOf: URL(fileURLWithPath: second.path))
        let header = try Part10Header(reading: ByteBuffer(bytes: bytes.prefix(4096)))
        let dataSet = ByteBuffer(bytes: bytes.dropFirst(header.dataSetOffset))
        #expect(try await association.store(dataSet: dataSet, sopClassUID: Self.ctImage,
                                            sopInstanceUID: second.uid, transferSyntax: Self.explicitLittle)
            == .success)
        try await association.release()

        let names = try FileManager.default.contentsOfDirectory(atPath: received.path)
        #expect(names.contains { $0.hasSuffix(file.uid) }, "storescp wrote \(names)")
        #expect(names.contains { $0.hasSuffix(second.uid) }, "storescp wrote \(names)")
        let stored = try #require(names.first { $0.hasSuffix(second.uid) })
        let storedBytes = try Data(contentsOf: received.appendingPathComponent(stored))
        #expect(storedBytes.suffix(dataSet.readableBytes) == bytes.dropFirst(header.dataSetOffset),
                "the data set arrived byte for byte")
    }

    @Test func storescpRefusalIsARejection() async throws {
        let port = try await Self.freePort()
        let process = try Subprocess(["/usr/bin/storescp", "-aet", "STORESCP", "--refuse", "\(port)"])
        defer { process.stop() }
        do {
            _ = try await Self.associate(Self.proposal(called: "STORESCP"), port: port)
            Issue.record("storescp --refuse accepted")
        } catch AssociationRequestorError.rejected(let rj) {
            #expect(rj.result == 1)
            #expect(rj.source == 1)
        }
    }

    // MARK: - pynetdicom

    /// Starts the pynetdicom SCP and reads its port; its later lines are collected in `lines`.
    static func startPynetdicom(title: String) async throws -> (Subprocess, Int, OutputLines) {
        let process = try Subprocess(["/usr/bin/env", "python3",
            PeerScripts.directory + "/pynetdicom_scp.py", title, "60",
        ])
        let lines = OutputLines(process)
        guard let first = await lines.wait(for: { $0.hasPrefix("PORT ") }),
              let port = Int(first.dropFirst(5)) else {
            process.stop()
            throw AssociationRequestorError.connectionFailed("the pynetdicom SCP did not start")
        }
        return (process, port, lines)
    }

    @Test func echoStoreAndReleaseWithPynetdicom() async throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = try await Self.makeFiles(in: directory, rows: 256)[0]
        let (process, port, lines) = try await Self.startPynetdicom(title: "PYSCP")
        defer { process.stop() }

        let association = try await Self.associate(Self.proposal(called: "PYSCP"), port: port)
        #expect(association.accepted.userInformation.implementationVersionName?.hasPrefix("PYNETDICOM") == true)
        #expect(try await association.echo() == .success)
        #expect(try await association.store(file: file.path) == .success)
        try await association.release()

        #expect(await lines.wait(for: { $0 == "ECHO" }) != nil)
        let size = try Data(contentsOf: URL(fileURLWithPath: file.path)).count
        let stored = await lines.wait(for: { $0.hasPrefix("STORED \(file.uid) ") })
        let bytes = stored.flatMap { Int($0.split(separator: " ").last ?? "") }
        #expect(bytes.map { $0 > 256 * 256 * 2 && $0 < size } == true, "pynetdicom got \(stored ?? "nothing")")
        #expect(await lines.wait(for: { $0 == "RELEASED" }) != nil)
    }

    @Test func pynetdicomRejectsAnotherCalledAETitle() async throws {
        let (process, port, _) = try await Self.startPynetdicom(title: "PYSCP")
        defer { process.stop() }
        await #expect(throws: AssociationRequestorError.rejected(AAssociateRJ(result: 1, source: 1, reason: 7))) {
            _ = try await Self.associate(Self.proposal(called: "SOMEONE"), port: port)
        }
    }

    @Test func abortReachesPynetdicom() async throws {
        let (process, port, lines) = try await Self.startPynetdicom(title: "PYSCP")
        defer { process.stop() }
        let association = try await Self.associate(Self.proposal(called: "PYSCP"), port: port)
        await association.abort()
        #expect(await lines.wait(for: { $0 == "ABORTED" }) != nil)
        await #expect(throws: AssociationRequestorError.self) { _ = try await association.echo() }
    }

    @Test func noAcceptedContextIsTypedNotSent() async throws {
        let (process, port, _) = try await Self.startPynetdicom(title: "PYSCP")
        defer { process.stop() }
        let rq = AssociationRequestor.proposal(calling: "ASSOCMON", called: "PYSCP",
                                               abstractSyntaxes: [Self.verification])
        let association = try await Self.associate(rq, port: port)
        await #expect(throws: AssociationRequestorError.noPresentationContext(
            abstractSyntax: Self.ctImage, transferSyntax: Self.implicitLittle)) {
            _ = try await association.store(dataSet: ByteBuffer(bytes: [0, 0]), sopClassUID: Self.ctImage,
                                            sopInstanceUID: "1.2.3")
        }
        try await association.release()
    }
}

/// A peer's stdout lines, read as they arrive.
struct OutputLines: Sendable {
    let process: Subprocess

    init(_ process: Subprocess) {
        self.process = process
    }

    /// The first line matching `predicate`, waiting up to `seconds`.
    func wait(for predicate: @Sendable (String) -> Bool, seconds: Int = 10) async -> String? {
        for _ in 0..<(seconds * 20) {
            if let line = process.stdoutLines.first(where: predicate) { return line }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return nil
    }
}
