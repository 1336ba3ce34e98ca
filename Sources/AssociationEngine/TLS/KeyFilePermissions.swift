import Foundation

/// The warning for a private key file that other users can read.
///
/// A DICOM TLS key identifies the device to every peer (PS3.15 B.1); like OpenSSH, we point out a key that group or
/// others may read. It is a warning, not an error: containers often run with relaxed modes on mounted secrets.
public enum KeyFilePermissions {
    /// The warning for a file with POSIX permission bits `mode`, or `nil` when only the owner can read it.
    public static func warning(path: String, mode: Int) -> String? {
        let readableByOthers = mode & 0o044
        guard readableByOthers != 0 else { return nil }
        let who = readableByOthers == 0o044 ? "group and others" : (mode & 0o040 != 0 ? "group" : "others")
        let octal = String(mode & 0o777, radix: 8)
        return "private key \(path) is readable by \(who) (mode \(octal)); restrict it with `chmod 600 \(path)`"
    }

    /// The warning for the file at `path`, read from the file system; `nil` when fine or not readable.
    public static func warning(path: String) -> String? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue
        else { return nil }
        return warning(path: path, mode: mode)
    }
}
