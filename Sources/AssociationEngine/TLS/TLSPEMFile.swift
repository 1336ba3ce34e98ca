import Foundation
import NIOSSL

/// Reads the PEM files of the TLS options. A failure names the option and the file; key bytes are overwritten
/// once BoringSSL has them and never appear in an error, log or event.
enum TLSPEMFile {
    static func read(_ path: String, option: String) throws -> [UInt8] {
        let files = FileManager.default
        guard files.fileExists(atPath: path) else { throw TLSSetupError.unreadableFile(option, path, "no such file") }
        guard files.isReadableFile(atPath: path) else {
            throw TLSSetupError.unreadableFile(option, path, "permission denied")
        }
        do {
            return Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw TLSSetupError.unreadableFile(option, path, "read failed")
        }
    }

    static func readPrivateKey(_ path: String, option: String) throws -> NIOSSLPrivateKey {
        var bytes = try read(path, option: option)
        defer {
            for index in bytes.indices { bytes[index] = 0 }
        }
        do {
            return try NIOSSLPrivateKey(bytes: bytes, format: .pem)
        } catch {
            throw TLSSetupError.privateKey(path, option: option)
        }
    }
}
