import Foundation

/// The executables SwiftPM built beside the test bundle (`swift build --build-tests` builds both), for tests that
/// run the program as a user does.
public enum BuiltProducts {
    /// The product was not built.
    public struct NotFound: Error, CustomStringConvertible {
        public var description: String
    }

    /// The path of the built executable `name`: next to the test binary, or up to three directories above it (the
    /// binary may sit inside an .xctest bundle), else in this package's `.build/debug`.
    public static func executable(_ name: String) throws -> String {
        var candidates: [URL] = []
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            candidates.append(directory.appendingPathComponent(name))
            directory = directory.deletingLastPathComponent()
        }
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        candidates.append(packageRoot.appendingPathComponent(".build/debug").appendingPathComponent(name))
        let found = candidates.first { candidate in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory)
                && !isDirectory.boolValue && FileManager.default.isExecutableFile(atPath: candidate.path)
        }
        if let found { return found.path }
        throw NotFound(description: "\(name) was not found next to the test bundle; run swift build --build-tests")
    }
}
