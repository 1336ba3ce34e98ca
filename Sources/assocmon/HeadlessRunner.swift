import ArgumentParser
import AssociationEngine
import AssociationEvents
import Foundation

/// `--headless`: events as JSON lines on stdout (and in the `--events` file), commands as JSON lines on stdin.
/// A malformed command line becomes an `error` event; nothing else changes. EOF on stdin does not stop the engine
/// (it may run under `nohup`); SIGINT/SIGTERM or a `shutdown` command does.
struct HeadlessRunner {
    let engine: AssociationEngine
    let auditLog: EventLineWriter?
    /// `--demo`: started once the engine listens.
    var demo: DemoLauncher?
    /// `--events-data-sets`: `dimse` lines carry their `elements`.
    var eventsDataSets = false

    func run() async throws {
        let stdout = EventLineWriter(fileDescriptor: 1)
        let engine = self.engine
        let auditLog = self.auditLog
        let signals = SignalWatcher { signal, count in
            // The first signal stops gracefully; a second one (an impatient ^C) exits at once, with what was
            // already encoded written out.
            if count > 1 {
                stdout.flush()
                auditLog?.flush()
                exit(130)
            }
            Task { await engine.shutdown(reason: signal == SIGINT ? "SIGINT" : "SIGTERM") }
        }
        defer { signals.cancel() }
        let port: Int
        do {
            port = try await engine.start()
        } catch {
            FileHandle.standardError.write(Data("assocmon: \(error)\n".utf8))
            throw ExitCode(2)
        }
        if engine.port != nil {
            FileHandle.standardError.write(Data("assocmon: listening on port \(port)\n".utf8))
        }
        if let tlsPort = engine.tlsPort {
            FileHandle.standardError.write(Data("assocmon: listening for DICOM TLS on port \(tlsPort)\n".utf8))
        }
        let reader = Thread {
            while let line = readLine(strippingNewline: true) {
                guard !line.trimmingCharacters(in: .whitespaces).isEmpty else { continue }
                do {
                    engine.send(try JSONLines.command(from: line))
                } catch {
                    engine.report(commandError: error)
                }
            }
        }
        reader.start()
        demo?.start(port: engine.port)
        // Lines are encoded into one reused buffer and written in batches: one write(2) per batch the engine hands
        // over (every 2 ms at most under load), from this task when the batch is done, so no timer and no other
        // thread is woken for it. The stream ends after a shutdown (SIGTERM, `shutdown`), then everything left is
        // flushed.
        let encoder = JSONLines.Encoder(includesElements: eventsDataSets)
        var line: [UInt8] = []
        line.reserveCapacity(4096)
        var events = engine.events.makeAsyncIterator()
        while let event = await events.next() {
            stdout.append(event, using: encoder, scratch: &line)
            auditLog?.append(line)
            if !events.hasBufferedEvents {
                stdout.flush()
                auditLog?.flush()
            }
        }
        stdout.flush()
        auditLog?.flush()
    }
}
