import Foundation
import Testing
import TestSupport

/// Whether the built assocmon has tap mode's engine side (`--forward` in its `--help`).
enum TapBuild {
    static let forwardAvailable: Bool = {
        guard let exe = try? BuiltProducts.executable("assocmon"),
              let outcome = try? Subprocess.runBlocking(exe, ["--help"], timeout: .seconds(20)) else { return false }
        return (outcome.stdout + outcome.stderr).contains("--forward")
    }()
}

/// Tap mode in a real terminal: pynetdicom → assocmon (`--forward`) → DCMTK `storescp` as the PACS. The person
/// sees the PACS's answer next to the held request, rejects one context, and accepts; the requestor gets the
/// PACS's answer less that context.
@Suite(.serialized, .enabled(if: TmuxSession.available, "tmux is not installed (scripts/test.sh installs it)"),
       .enabled(if: TapBuild.forwardAvailable,
                "the built assocmon has no --forward (tap mode's engine side is not in this build); skipped"))
struct TapEndToEndTests {
    /// A TCP port nobody listens on right now (the kernel's pick, released for storescp to take).
    static func freePort() async throws -> Int {
        let outcome = try await Subprocess.run("/usr/bin/env", ["python3", "-c", """
            import socket
            s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1]); s.close()
            """], timeout: .seconds(20))
        guard let port = Int(outcome.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw E2EError("no free port: \(outcome.stderr)")
        }
        return port
    }

    @Test func personSeesThePACSsAnswerAndRejectsOneContext() async throws {
        let pacsPort = try await Self.freePort()
        let pacsStore = FileManager.default.temporaryDirectory.appendingPathComponent("tap-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: pacsStore, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: pacsStore) }
        let pacs = try Subprocess(["/usr/bin/storescp", "-aet", "PACS", "-od", pacsStore.path, "\(pacsPort)"])
        defer { pacs.stop() }
        let exe = try BuiltProducts.executable("assocmon")
        try await TmuxSession.with(command: { dir in
            "\(exe) --bind 127.0.0.1 --port 0 --decision-timeout 90 --no-store --events \(dir.path)/events.jsonl "
                + "--forward 127.0.0.1:\(pacsPort)"
        }) { tmux in
            guard let port = await tmux.port() else {
                let screen = await tmux.capture()
                throw E2EError("assocmon did not show its port:\n\(screen)")
            }
            let script = tmux.directory.appendingPathComponent("client.py")
            // Verification, CT Image Storage, and a private SOP class storescp does not know (it answers 3).
            try """
            import sys
            from pynetdicom import AE
            ae = AE(ae_title='MODALITY')
            ae.acse_timeout = 60
            ae.add_requested_context('1.2.840.10008.1.1')
            ae.add_requested_context('1.2.840.10008.5.1.4.1.1.2')
            ae.add_requested_context('1.2.826.0.1.3680043.8.498.77')
            assoc = ae.associate('127.0.0.1', int(sys.argv[1]), ae_title='PACS')
            if assoc.is_established:
                for cx in assoc.accepted_contexts:
                    print('accepted', cx.context_id, cx.result, flush=True)
                for cx in assoc.rejected_contexts:
                    print('rejected', cx.context_id, cx.result, flush=True)
                status = assoc.send_c_echo()
                print('echo', status.Status if status else 'none', flush=True)
                assoc.release()
            else:
                print('not established', flush=True)
            """.write(to: script, atomically: true, encoding: .utf8)
            let peer = try Subprocess(["/usr/bin/env", "python3", script.path, "\(port)"])
            defer { peer.stop() }
            // The list marks the tapped request and shows what storescp answered: 2 of 3 contexts.
            let (answered, screen) = await tmux.waitFor { $0.contains("⇄ MODALITY→PACS") && $0.contains("⇄ AC 2/3") }
            #expect(answered, "the PACS's answer never appeared in the list:\n\(screen)")
            #expect(screen.contains("⇄ PACS 127.0.0.1:\(pacsPort)"), "the Request tab names the PACS:\n\(screen)")
            await tmux.send("2")
            let (column, contexts) = await tmux.waitFor("PACS answered: ⇄✗ 3 abstract-syntax")
            #expect(column, "the Contexts tab lacks the PACS's answer:\n\(contexts)")
            // Reject CT Image Storage (context 3) before accepting.
            await tmux.send("j")
            var toggled = false
            for _ in 0..<5 {
                await tmux.send("Space")
                let (ok, _) = await tmux.waitFor(timeout: 2) { screen in
                    screen.split(separator: "\n").contains { $0.contains("3 ≠ CT Image Storage") && $0.contains("1 user-rejection") }
                }
                if ok { toggled = true; break }
            }
            let edited = await tmux.capture()
            #expect(toggled, "context 3 never showed user-rejection:\n\(edited)")
            await tmux.send("a")
            let status = await peer.wait(timeout: .seconds(60))
            let output = peer.output
            #expect(status == 0, "\(output)")
            #expect(output.contains("accepted 1 0"), "\(output)")
            #expect(output.contains("rejected 3 1"), "the context the person rejected:\n\(output)")
            #expect(output.contains("rejected 5 3"), "the context the PACS rejected:\n\(output)")
            #expect(output.contains("echo 0"), "C-ECHO through the tap:\n\(output)")
            await tmux.send("3")
            let (activity, last) = await tmux.waitFor("←PACS C-ECHO-RSP")
            #expect(activity, "the Activity tab lacks the PACS's response:\n\(last)")
        }
    }
}
