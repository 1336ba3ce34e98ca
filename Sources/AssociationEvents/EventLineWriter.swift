import Foundation

/// Writes JSON lines (one event per line) to a file descriptor: stdout in headless mode, or the `--events` audit
/// file, which also works next to the curses front. Lines are whole lines, in order, never interleaved.
///
/// Two ways in:
/// - `write(line:)` / `write(_:)` write at once (one `write(2)` per line).
/// - `enqueue(_:)` appends encoded lines to a pending buffer that is written with one `write(2)` per batch: at the
///   latest `flushDelay` after the first pending line, at once past `flushThreshold` bytes, and on `flush()`
///   (the headless runner calls it when the event stream ends, e.g. after SIGTERM, so nothing is lost on exit).
///   Under load the engine hands events over in 2 ms batches; one system call per line was a measurable share of
///   the server's CPU per association.
///
/// `@unchecked Sendable`: every mutable field is reached only under its lock (`pendingLock`, `writingLock`).
public final class EventLineWriter: @unchecked Sendable {
    private let descriptor: Int32
    private let ownsDescriptor: Bool
    /// Lines not yet written, and whether a delayed flush is scheduled (under `pendingLock`).
    private var pending: (bytes: [UInt8], scheduled: Bool) = ([], false)
    private let pendingLock = NSLock()
    /// The spare buffer reused between batches (under `writingLock`, held while writing so batches reach the
    /// descriptor in order).
    private var spare: [UInt8] = []
    private let writingLock = NSLock()
    private let flushQueue = DispatchQueue(label: "assocmon.event-line-writer")

    /// Pending lines are written at most this long after the first one was enqueued (a person watching the
    /// output sees them promptly).
    static let flushDelay = DispatchTimeInterval.milliseconds(1)
    /// Above this many pending bytes, `enqueue` writes at once.
    static let flushThreshold = 64 * 1024

    /// Appends to `path`, creating it if needed.
    public init(appendingTo path: String) throws {
        let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path])
        }
        self.descriptor = descriptor
        ownsDescriptor = true
    }

    public init(fileDescriptor: Int32) {
        descriptor = fileDescriptor
        ownsDescriptor = false
    }

    /// Writes one line now (after anything enqueued before it).
    public func write(line: String) {
        enqueue(Array((line + "\n").utf8), scheduleFlush: false)
        flush()
    }

    /// Encodes `event` (the direct JSON writer for the per-association kinds) and adds its line to the pending
    /// batch, like `enqueue(_:)`. One consumer passes the same `encoder` and `scratch` on every call, so an event
    /// costs no encoder, string or syscall of its own (the front's `--events` audit log takes every event).
    public func enqueue(_ event: EngineEvent, using encoder: JSONLines.Encoder, scratch: inout [UInt8]) {
        scratch.removeAll(keepingCapacity: true)
        encoder.append(event, to: &scratch)
        scratch.append(UInt8(ascii: "\n"))
        enqueue(scratch)
    }

    /// Adds encoded lines (each ending in a newline) to the pending batch.
    public func enqueue(_ lines: [UInt8]) {
        enqueue(lines, scheduleFlush: true)
    }

    /// Like `enqueue(_:using:scratch:)` without the delayed flush: for a consumer that calls `flush()` itself at
    /// the end of each batch of events (written at once past `flushThreshold` bytes all the same).
    public func append(_ event: EngineEvent, using encoder: JSONLines.Encoder, scratch: inout [UInt8]) {
        scratch.removeAll(keepingCapacity: true)
        encoder.append(event, to: &scratch)
        scratch.append(UInt8(ascii: "\n"))
        enqueue(scratch, scheduleFlush: false)
    }

    /// Like `enqueue(_:)` without the delayed flush (see `append(_:using:scratch:)`).
    public func append(_ lines: [UInt8]) {
        enqueue(lines, scheduleFlush: false)
    }

    private func enqueue(_ lines: [UInt8], scheduleFlush: Bool) {
        let (size, schedule) = pendingLock.withLock { () -> (Int, Bool) in
            pending.bytes.append(contentsOf: lines)
            let schedule = scheduleFlush && !pending.scheduled
            if schedule { pending.scheduled = true }
            return (pending.bytes.count, schedule)
        }
        if size >= Self.flushThreshold {
            flush()
        } else if schedule {
            flushQueue.asyncAfter(deadline: .now() + Self.flushDelay) { [self] in flush() }
        }
    }

    /// Writes everything pending with one `write(2)` loop.
    public func flush() {
        writingLock.withLock {
            pendingLock.withLock {
                swap(&pending.bytes, &spare)
                pending.scheduled = false
            }
            guard !spare.isEmpty else { return }
            Self.writeAll(descriptor, spare)
            spare.removeAll(keepingCapacity: true)
        }
    }

    /// `write(2)` until every byte is out: partial writes continue, EINTR retries, EAGAIN (a non-blocking
    /// descriptor) waits for POLLOUT; any other error drops the batch (there is nowhere to report it).
    static func writeAll(_ descriptor: Int32, _ bytes: [UInt8]) {
        bytes.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return }
            var offset = 0
            var stalls = 0
            while offset < raw.count {
                let written = Foundation.write(descriptor, base + offset, raw.count - offset)
                if written > 0 {
                    offset += written
                    stalls = 0
                } else if written < 0 && errno == EINTR {
                    continue
                } else if written < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) && stalls < 100 {
                    stalls += 1
                    var poller = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
                    _ = poll(&poller, 1, 100)
                } else {
                    return
                }
            }
        }
    }

    deinit {
        let bytes = pendingLock.withLock { pending.bytes }
        if !bytes.isEmpty { Self.writeAll(descriptor, bytes) }
        if ownsDescriptor { close(descriptor) }
    }
}
