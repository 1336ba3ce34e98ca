#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A rules file could not be read or saved.
public struct RuleFileError: Error, Sendable, Equatable, CustomStringConvertible {
    public var path: String
    public var operation: String
    public var errno: Int32

    public init(path: String, operation: String, errno: Int32) {
        self.path = path; self.operation = operation; self.errno = errno
    }

    public var description: String {
        "cannot \(operation) rules file \(path): \(String(cString: strerror(errno))); check the --rules path and its permissions"
    }
}
