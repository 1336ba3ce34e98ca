import Foundation
import NIOConcurrencyHelpers

/// Writes JSON lines (one event per line) to a file descriptor: stdout in headless mode, or the `--events` audit
/// file, which also works next to the curses front. Writes are whole lines under a lock, so lines from different
/// threads never interleave.
public final class EventLineWriter: Sendable {
    private let handle: NIOLockedValueBox<FileHandle>
    private let ownsDescriptor: Bool

    /// Appends to `path`, creating it if needed.
    public init(appendingTo path: String) throws {
        if !FileManager.default.fileExists(atPath: path) {
            guard FileManager.default.createFile(atPath: path, contents: nil) else {
                throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path])
            }
        }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seekToEnd()
        self.handle = NIOLockedValueBox(handle)
        ownsDescriptor = true
    }

    public init(fileDescriptor: Int32) {
        handle = NIOLockedValueBox(FileHandle(fileDescriptor: fileDescriptor, closeOnDealloc: false))
        ownsDescriptor = false
    }

    public func write(line: String) {
        let data = Data((line + "\n").utf8)
        handle.withLockedValue { try? $0.write(contentsOf: data) }
    }

    public func write(_ event: EngineEvent) {
        write(line: JSONLines.line(for: event))
    }

    deinit {
        if ownsDescriptor { handle.withLockedValue { try? $0.close() } }
    }
}
