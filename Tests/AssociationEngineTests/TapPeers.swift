import AssociationEngine
import AssociationEvents
import Foundation
import NIOCore
import NIOPosix
import SCUTestClient
import TestSupport

/// Real upstream SCPs for the tap tests, each on 127.0.0.1 and stopped by pid: DCMTK `storescp` and the
/// pynetdicom "PACS" of `peers/tap_pacs.py`.
enum TapPeers {
    /// The engine options of a tap in front of the PACS on `port` (127.0.0.1): `policy` decides, and the upstream
    /// leg uses DICOM TLS when `tls` is given.
    static func forwarding(to port: Int, policy: Policy = .accept,
                           tls: UpstreamTLSOptions? = nil) -> (inout EngineOptions) -> Void {
        { options in
            options.policy = policy
            options.forward = ForwardTarget(host: "127.0.0.1", port: port)
            options.forwardTLS = tls
        }
    }

    /// `storescp` writing into `directory`, with `maxPDU` as its Maximum Length; returns once it listens.
    static func storescp(title: String = "PACS", directory: URL, maxPDU: Int = 16_384,
                         extra: [String] = []) async throws -> (Subprocess, Int) {
        let port = try await AssociationRequestorTests.freePort()
        let process = try Subprocess(["/usr/bin/storescp", "-aet", title, "--max-pdu", "\(maxPDU)", "-od",
                                      directory.path] + extra + ["\(port)"])
        try await waitUntilListening(port, process)
        return (process, port)
    }

    /// The pynetdicom PACS (`tap_pacs.py`) with `maxPDU`; its port is the first line it prints.
    static func pacs(title: String = "PACS", maxPDU: Int = 16_384) async throws -> (Subprocess, Int, OutputLines) {
        try await scriptedPACS("tap_pacs.py", arguments: [title, "\(maxPDU)", "90"])
    }

    /// A PACS script of `peers/` (pynetdicom, or raw sockets for what no real SCP sends), once it listens: the
    /// process, its port (the first line it prints, "PORT <n>") and its output lines.
    static func scriptedPACS(_ script: String, arguments: [String] = ["60"]) async throws
        -> (Subprocess, Int, OutputLines) {
        let process = try Subprocess(["/usr/bin/env", "python3", PeerScripts.directory + "/" + script] + arguments)
        let lines = OutputLines(process)
        guard let first = await lines.wait(for: { $0.hasPrefix("PORT ") }, seconds: 20),
              let port = Int(first.dropFirst(5)) else {
            process.stop()
            throw AssociationRequestorError.connectionFailed("\(script) did not start: \(process.stderr)")
        }
        return (process, port, lines)
    }

    /// Our SCU test client with an association through the tap on `port` (called AE "PACS", Verification).
    static func associatedClient(port: Int, calling: String = "SCUTEST") async throws -> SCUTestClient {
        let client = try await SCUTestClient.connect(port: port)
        guard case .pdu(.associateAC) = try await client.associate(
            SCUTestClient.associateRQ(calling: calling, called: "PACS")) else {
            client.close()
            throw AssociationRequestorError.invalidMessage("the tap did not accept")
        }
        return client
    }

    /// The pynetdicom requestor (`tap_modality.py`) through the tap; its JSON result.
    static func modality(port: Int, called: String = "PACS", maxPDU: Int, mode: String = "all") async throws
        -> ModalityResult {
        let outcome = try await Subprocess.run("/usr/bin/env", [
            "python3", PeerScripts.directory + "/tap_modality.py", "127.0.0.1", "\(port)", called, "\(maxPDU)", mode,
        ], timeout: .seconds(60))
        guard let line = outcome.stdout.split(separator: "\n").last,
              let result = try? JSONDecoder().decode(ModalityResult.self, from: Data(line.utf8)) else {
            throw AssociationRequestorError.invalidMessage("tap_modality.py: \(outcome.stdout) \(outcome.stderr)")
        }
        return result
    }

    struct ModalityResult: Decodable {
        struct Triple: Decodable { var result: Int; var source: Int; var reason: Int }
        struct StoredInstance: Decodable { var sopInstanceUID: String; var bytes: Int }
        var established: Bool
        var rejected: Triple?
        var maxPDU: Int?
        var echoStatus: Int?
        var findStatuses: [Int]?
        var findNames: [String]?
        var getStatuses: [Int]?
        var stored: [StoredInstance]?
        var actionStatus: Int?
        var transactionUID: String?
        var reported: Bool?
        var released: Bool?
        var storeStatus: Int?
        var aborted: Bool?
        var moveStatuses: [Int]?
        var cancelledFindStatuses: [Int]?
        var createStatus: Int?
        var setStatus: Int?
        var getStatus: Int?
        var copies: String?
        var deleteStatus: Int?
    }

    /// What `tap_pacs.py` printed of the A-ASSOCIATE-RQ that reached it ("REQUESTED {...}").
    struct UpstreamRequest: Decodable {
        struct Identity: Decodable { var type: Int; var primary: String; var secondary: String }
        var maxPDU: Int
        var asyncWindow: [Int]
        var extended: [String: String]
        var userIdentity: Identity?
    }

    /// Waits (at most 10 s) until something accepts TCP connections on `port`.
    static func waitUntilListening(_ port: Int, _ process: Subprocess) async throws {
        for _ in 0..<200 {
            if let channel = try? await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connect(host: "127.0.0.1", port: port).get() {
                try? await channel.close()
                return
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        process.stop()
        throw AssociationRequestorError.connectionFailed("nothing listens on \(port): \(process.stderr)")
    }

    /// CT files from `make_dicom.py` (Explicit VR Little Endian).
    static func files(in directory: URL, count: Int, rows: Int) async throws -> [(path: String, uid: String)] {
        try await AssociationRequestorTests.makeFiles(in: directory, count: count, rows: rows)
    }

    /// `same_dataset.py`: the received file's data set equals the original's, element by element.
    static func sameDataSet(_ original: String, _ received: String) async throws -> Bool {
        let outcome = try await Subprocess.run("/usr/bin/env", ["python3", PeerScripts.directory + "/same_dataset.py",
                                                                original, received])
        return outcome.status == 0 && outcome.stdout.hasPrefix("SAME")
    }
}
