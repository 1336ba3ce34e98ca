#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a C-STORE data set could not be written as a Part-10 file.
///
/// A public struct around a private code so cases can be added later ("Errors"). Whatever the cause,
/// the writer has already removed its temporary file when this is thrown: nothing partial is left behind.
/// `status` is the C-STORE-RSP status the engine should answer (PS3.4 Table B.2-1).
public struct StorageError: Error, Sendable, Equatable, CustomStringConvertible {
    enum Code: Sendable, Equatable {
        case io(operation: String, path: String, errno: Int32)
        case invalidAttribute(name: String, value: String, expected: String)
        case tooManyDuplicates(path: String)
        case notWritable
    }

    let code: Code

    init(_ code: Code) { self.code = code }

    static func io(_ operation: String, _ path: String, errno: Int32) -> StorageError {
        StorageError(.io(operation: operation, path: path, errno: errno))
    }

    /// The `errno` of a failed system call, if that is what went wrong (`ENOSPC`, `EACCES`, `EROFS`...).
    public var errno: Int32? {
        if case .io(_, _, let e) = code { return e }
        return nil
    }

    /// `true` when an attribute from the C-STORE-RQ (a UID, the transfer syntax) cannot be written to the
    /// file meta information, as opposed to a local resource problem.
    public var isInvalidAttribute: Bool {
        if case .invalidAttribute = code { return true }
        return false
    }

    /// The C-STORE-RSP status to answer (PS3.4 Table B.2-1): 0xA700 "Refused: Out of Resources" for anything
    /// local (disk full, permissions, I/O), 0xC000 "Error: Cannot understand" for an attribute that cannot be
    /// written to the file meta information.
    public var status: UInt16 { isInvalidAttribute ? 0xC000 : 0xA700 }

    public var description: String {
        switch code {
        case .io(let operation, let path, let e):
            let message = String(cString: strerror(e))
            return "cannot \(operation) \(path): \(message) (errno \(e)); check --storage-dir's free space and permissions"
        case .invalidAttribute(let name, let value, let expected):
            return "cannot store: \(name) \"\(value)\" is not \(expected)"
        case .tooManyDuplicates(let path):
            return "cannot store \(path): too many files with this SOP Instance UID already exist"
        case .notWritable:
            return "the file was already finished or aborted"
        }
    }
}
