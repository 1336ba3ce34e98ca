import Foundation
import TestSupport

/// A small Secondary Capture object written by pydicom at test time, for storescu over TLS.
enum TLSTestDataSet {
    struct File: Sendable {
        var path: String
        var sopInstanceUID: String
    }

    static func make(in directory: String) async throws -> File {
        let uid = TestUID.unique()
        let path = directory + "/sc-\(UUID().uuidString).dcm"
        let script = """
            import sys
            from pydicom.dataset import Dataset, FileMetaDataset
            from pydicom.uid import ExplicitVRLittleEndian, SecondaryCaptureImageStorage
            meta = FileMetaDataset()
            meta.MediaStorageSOPClassUID = SecondaryCaptureImageStorage
            meta.MediaStorageSOPInstanceUID = sys.argv[2]
            meta.TransferSyntaxUID = ExplicitVRLittleEndian
            ds = Dataset()
            ds.file_meta = meta
            ds.SOPClassUID = SecondaryCaptureImageStorage
            ds.SOPInstanceUID = sys.argv[2]
            ds.PatientName = "TLS^Test"
            ds.PatientID = "TLS1"
            ds.StudyInstanceUID = sys.argv[2] + ".1"
            ds.SeriesInstanceUID = sys.argv[2] + ".2"
            ds.Modality = "OT"
            ds.Rows = 8
            ds.Columns = 8
            ds.SamplesPerPixel = 1
            ds.PhotometricInterpretation = "MONOCHROME2"
            ds.BitsAllocated = 8
            ds.BitsStored = 8
            ds.HighBit = 7
            ds.PixelRepresentation = 0
            ds.PixelData = bytes(range(64))
            ds.save_as(sys.argv[1], enforce_file_format=True)
            """
        let result = try await Subprocess.run("/usr/bin/env", ["python3", "-c", script, path, uid], timeout: .seconds(60))
        guard result.status == 0 else {
            throw TLSTestPKI.OpenSSLFailed(description: "pydicom could not write a test file: \(result.stderr)")
        }
        return File(path: path, sopInstanceUID: uid)
    }
}

/// pynetdicom 3 as a TLS client: `ssl.SSLContext` with our client certificate, pinned to one protocol version.
enum TLSTestPynetdicom {
    /// `version`: "1.3", "1.2" (pinned), or "1.1" (TLS 1.0–1.1 only, at OpenSSL security level 0 so that the
    /// client offers them at all). Prints `ECHO <status>` on success, `FAILED` otherwise.
    static func echo(port: Int, version: String) async throws -> Subprocess.Outcome {
        let pki = try await TLSTestPKI.shared.get()
        let script = """
            import ssl, sys, warnings
            warnings.simplefilter("ignore")
            from pynetdicom import AE
            from pynetdicom.sop_class import Verification
            port, ca, cert, key, version = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]
            ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
            ctx.load_verify_locations(ca)
            ctx.load_cert_chain(cert, key)
            if version == "1.3":
                ctx.minimum_version = ssl.TLSVersion.TLSv1_3
            elif version == "1.2":
                ctx.minimum_version = ssl.TLSVersion.TLSv1_2
                ctx.maximum_version = ssl.TLSVersion.TLSv1_2
            else:
                ctx.set_ciphers("DEFAULT:@SECLEVEL=0")
                ctx.minimum_version = ssl.TLSVersion.TLSv1
                ctx.maximum_version = ssl.TLSVersion.TLSv1_1
            ae = AE(ae_title="PYNETDICOM")
            ae.add_requested_context(Verification)
            ae.acse_timeout = ae.network_timeout = ae.dimse_timeout = 10
            assoc = ae.associate("127.0.0.1", port, ae_title="ASSOCMON", tls_args=(ctx, "localhost"))
            if assoc.is_established:
                status = assoc.send_c_echo()
                print("ECHO", status.Status if status else "none")
                assoc.release()
            else:
                print("FAILED")
            """
        return try await Subprocess.run("/usr/bin/env", ["python3", "-c", script, String(port), pki.caCertificate,
                                                         pki.client.certificate, pki.client.key, version],
                                        timeout: .seconds(60))
    }
}

/// A bare TCP connection (no TLS, sends nothing) to watch the server give up on a handshake.
final class TLSTestSocket: @unchecked Sendable {
    private let descriptor: Int32

    private init(descriptor: Int32) { self.descriptor = descriptor }

    struct Failed: Error {}

    static func connect(port: Int) throws -> TLSTestSocket {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failed() }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            Glibc.close(fd)
            throw Failed()
        }
        return TLSTestSocket(descriptor: fd)
    }

    /// `true` when the server closed the connection within `timeout` (read returns 0 or an error). Checks without
    /// blocking and suspends between checks, so no thread of the cooperative pool waits in `poll`.
    func readUntilClosed(timeout: Duration) async -> Bool {
        var poll = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        let deadline = ContinuousClock.now + timeout
        var buffer = [UInt8](repeating: 0, count: 512)
        while ContinuousClock.now < deadline {
            if Glibc.poll(&poll, 1, 0) > 0, read(descriptor, &buffer, buffer.count) <= 0 { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return false
    }

    func close() { Glibc.close(descriptor) }
}
