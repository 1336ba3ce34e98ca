import Foundation
import Testing
import TestSupport

/// The whole program in a real terminal (tmux), against real DICOM clients: DCMTK's echoscu and pynetdicom.
@Suite(.serialized, .enabled(if: TmuxSession.available, "tmux is not installed (scripts/test.sh installs it); end-to-end tests skipped"))
struct EndToEndTmuxTests {
    static let echoscu = "/usr/bin/echoscu"

    /// Runs `body` with assocmon on an ephemeral port in a 120×40 tmux pane (the session and the port), then closes
    /// the session and waits for that.
    private func withMonitor(_ extra: String = "", _ body: (TmuxSession, Int) async throws -> Void) async throws {
        let exe = try BuiltProducts.executable("assocmon")
        try await TmuxSession.with(command: { dir in
            "\(exe) --bind 127.0.0.1 --port 0 --decision-timeout 90 --storage-dir \(dir.path)/store "
                + "--events \(dir.path)/events.jsonl "
                + extra.replacingOccurrences(of: "RULES", with: "\(dir.path)/assocmon.rules")
        }) { session in
            guard let port = await session.port() else {
                let screen = await session.capture()
                throw E2EError("assocmon did not show its port:\n\(screen)")
            }
            try await body(session, port)
        }
    }

    private func echoscu(_ port: Int) throws -> Subprocess {
        try Subprocess([Self.echoscu, "-aet", "ECHOSCU", "-aec", "ASSOCMON", "-ta", "60", "127.0.0.1", "\(port)"])
    }

    @Test func echoscuRequestAppearsAndAcceptSucceeds() async throws {
        try await withMonitor { tmux, port in
            let peer = try echoscu(port)
            defer { peer.stop() }
            let (shown, screen) = await tmux.waitFor { $0.contains("ECHOSCU→ASSOCMON") && $0.contains("waiting") }
            #expect(shown, "the request never appeared:\n\(screen)")
            #expect(screen.contains("\"ECHOSCU\""), "calling AE title in the Request tab:\n\(screen)")
            await tmux.send("a")
            let status = await peer.wait()
            let afterAccept = await tmux.capture()
            #expect(status == 0, "echoscu failed after accept:\n\(peer.output)\n\(afterAccept)")
            let (released, after) = await tmux.waitFor("released")
            #expect(released, "no released row:\n\(after)")
            let audit = (try? String(contentsOf: tmux.directory.appendingPathComponent("events.jsonl"), encoding: .utf8)) ?? ""
            #expect(audit.contains("\"association-requested\"") && audit.contains("ECHOSCU"),
                    "--events keeps the audit log while the front runs:\n\(audit)")
            await tmux.send("q")
            let (exited, last) = await tmux.waitFor("ASSOCMON-EXIT=0")
            #expect(exited, "q did not end assocmon cleanly:\n\(last)")
        }
    }

    @Test func rejectWithAChosenReasonReachesEchoscu() async throws {
        try await withMonitor { tmux, port in
            let peer = try echoscu(port)
            defer { peer.stop() }
            let (shown, screen) = await tmux.waitFor("ECHOSCU→ASSOCMON")
            #expect(shown, "the request never appeared:\n\(screen)")
            await tmux.send("r")
            let (dialog, dialogScreen) = await tmux.waitFor("A-ASSOCIATE-RJ (PS3.8 Table 9-21)")
            #expect(dialog, "no reject dialog:\n\(dialogScreen)")
            // From the default 1/1 (no-reason-given): down twice to 1/3 calling-AE-title-not-recognized, transient.
            await tmux.send("Down")
            await tmux.send("Down")
            await tmux.send("Space")
            let (chosen, chosenScreen) = await tmux.waitFor("Enter sends 2/1/3")
            #expect(chosen, "dialog did not show the chosen triple:\n\(chosenScreen)")
            await tmux.send("Enter")
            let status = await peer.wait()
            #expect(status != 0)
            let output = peer.output
            #expect(output.contains("Association Rejected"), "\(output)")
            #expect(output.contains("Rejected Transient"), "\(output)")
            #expect(output.contains("Service User"), "\(output)")
            #expect(output.contains("Calling AE Title Not Recognized"), "\(output)")
            let (row, rowScreen) = await tmux.waitFor("rej 2/1/3 op")
            #expect(row, "no rejected row:\n\(rowScreen)")
        }
    }

    @Test func contextToggledToRejectedComesBackToPynetdicom() async throws {
        try await withMonitor { tmux, port in
            let script = tmux.directory.appendingPathComponent("client.py")
            try """
            import sys
            from pynetdicom import AE
            ae = AE(ae_title='PYCLIENT')
            ae.acse_timeout = 60
            ae.add_requested_context('1.2.840.10008.1.1')
            ae.add_requested_context('1.2.840.10008.5.1.4.1.1.2')
            assoc = ae.associate('127.0.0.1', int(sys.argv[1]), ae_title='ASSOCMON')
            if assoc.is_established:
                for cx in assoc.accepted_contexts:
                    print('accepted', cx.context_id, cx.result, flush=True)
                for cx in assoc.rejected_contexts:
                    print('rejected', cx.context_id, cx.result, flush=True)
                assoc.release()
            else:
                print('not established', flush=True)
            """.write(to: script, atomically: true, encoding: .utf8)
            let peer = try Subprocess(["/usr/bin/env", "python3", script.path, "\(port)"])
            defer { peer.stop() }
            let (shown, screen) = await tmux.waitFor("PYCLIENT→ASSOCMON")
            #expect(shown, "the request never appeared:\n\(screen)")
            // Contexts tab (it takes the keys while the request waits), second context, toggle to user-rejection.
            await tmux.send("2")
            await tmux.send("j")
            var toggled = false
            for _ in 0..<5 {
                await tmux.send("Space")
                let (ok, _) = await tmux.waitFor(timeout: 2) { screen in
                    screen.split(separator: "\n").contains { $0.contains("3 ≠ CT Image Storage") && $0.contains("1 user-rejection") }
                }
                if ok { toggled = true; break }
            }
            let contexts = await tmux.capture()
            #expect(toggled, "context 3 never showed user-rejection:\n\(contexts)")
            await tmux.send("a")
            let status = await peer.wait()
            #expect(status == 0)
            let output = peer.output
            #expect(output.contains("accepted 1 0"), "\(output)")
            #expect(output.contains("rejected 3 1"), "\(output)")
        }
    }

    @Test func threeHeldRequestsAreAcceptedByPressingAThreeTimes() async throws {
        try await withMonitor { tmux, port in
            let peers = try (0..<3).map { _ in try echoscu(port) }
            defer { peers.forEach { $0.stop() } }
            let (held, screen) = await tmux.waitFor("waiting 3 ")
            #expect(held, "three requests never waited:\n\(screen)")
            for remaining in [2, 1, 0] {
                await tmux.send("a")
                let (decided, after) = await tmux.waitFor("waiting \(remaining) ")
                #expect(decided, "a did not decide the next waiting request:\n\(after)")
            }
            for peer in peers {
                let status = await peer.wait()
                #expect(status == 0, "echoscu failed:\n\(peer.output)")
            }
            let last = await tmux.capture()
            #expect(!last.contains("not waiting for a decision"), "\(last)")
        }
    }

    @Test func twentyHeldRequestsFromOneAETitleAreAcceptedByOneCapitalA() async throws {
        try await withMonitor("--rules RULES") { tmux, port in
            let peers = try (0..<20).map { _ in try echoscu(port) }
            defer { peers.forEach { $0.stop() } }
            let (held, screen) = await tmux.waitFor("waiting 20 ", timeout: 40)
            #expect(held, "twenty requests never waited:\n\(screen)")
            await tmux.send("A")
            let (decided, after) = await tmux.waitFor("it decided 19 waiting requests")
            #expect(decided, "the remembered rule did not decide the other 19:\n\(after)")
            for peer in peers {
                let status = await peer.wait()
                #expect(status == 0, "echoscu failed:\n\(peer.output)")
            }
            let audit = (try? String(contentsOf: tmux.directory.appendingPathComponent("events.jsonl"), encoding: .utf8)) ?? ""
            let accepted = audit.split(separator: "\n").filter { $0.contains(#""event":"association-accepted""#) }
            #expect(accepted.filter { $0.contains(#""decidedBy":"operator""#) }.count == 1)
            #expect(accepted.filter { $0.contains(#""decidedBy":"rule""#) }.count == 19)
        }
    }

    @Test func resizeKeepsTheScreenWhole() async throws {
        try await withMonitor { tmux, port in
            let peer = try echoscu(port)
            defer { peer.stop() }
            let (shown, _) = await tmux.waitFor("ECHOSCU→ASSOCMON")
            #expect(shown)
            for (columns, rows) in [(100, 30), (120, 40)] {
                await tmux.resize(columns: columns, rows: rows)
                let (whole, screen) = await tmux.waitFor(timeout: 10) { screen in
                    let lines = screen.split(separator: "\n", omittingEmptySubsequences: false)
                    return lines.count >= rows && lines[0].contains("ASSOCMON@127.0.0.1:\(port)")
                        && lines[1].contains("calling→called AE") && lines[rows - 1].contains("? help")
                        && lines.allSatisfy { $0.count <= columns }
                        && screen.contains("ECHOSCU→ASSOCMON")
                }
                #expect(whole, "screen not whole at \(columns)x\(rows):\n\(screen)")
            }
            await tmux.resize(columns: 70, rows: 20)
            let (small, smallScreen) = await tmux.waitFor("Terminal too small: 70x20")
            #expect(small, "\(smallScreen)")
            await tmux.resize(columns: 120, rows: 40)
            let (back, backScreen) = await tmux.waitFor("calling→called AE")
            #expect(back, "\(backScreen)")
            await tmux.send("a")
            #expect(await peer.wait() == 0)
        }
    }

    @Test func abortAsksFirstThenReachesThePeer() async throws {
        try await withMonitor { tmux, port in
            let script = tmux.directory.appendingPathComponent("held.py")
            try """
            import sys, time
            from pynetdicom import AE
            ae = AE(ae_title='HOLDER')
            ae.acse_timeout = 60
            ae.add_requested_context('1.2.840.10008.1.1')
            assoc = ae.associate('127.0.0.1', int(sys.argv[1]), ae_title='ASSOCMON')
            print('established' if assoc.is_established else 'not established', flush=True)
            deadline = time.time() + 30
            while assoc.is_alive() and not assoc.is_aborted and time.time() < deadline:
                time.sleep(0.1)
            print('aborted' if assoc.is_aborted else 'not aborted', flush=True)
            """.write(to: script, atomically: true, encoding: .utf8)
            let peer = try Subprocess(["/usr/bin/env", "python3", script.path, "\(port)"])
            defer { peer.stop() }
            #expect(await tmux.waitFor("HOLDER→ASSOCMON").0)
            await tmux.send("a")
            let (established, screen) = await tmux.waitFor("established")
            #expect(established, "\(screen)")
            await tmux.send("x")
            let (asked, dialog) = await tmux.waitFor("[ Cancel ]")
            #expect(asked, "\(dialog)")
            await tmux.send("Enter")
            try? await Task.sleep(nanoseconds: 500_000_000)
            #expect(!peer.output.contains("aborted\n"), "Enter on the default focus (Cancel) must not abort")
            await tmux.send("x")
            #expect(await tmux.waitFor("[ Cancel ]").0)
            await tmux.send("Tab")
            await tmux.send("Enter")
            #expect(await peer.wait() == 0)
            #expect(peer.output.contains("established") && peer.output.contains("aborted"), "\(peer.output)")
            let (row, rowScreen) = await tmux.waitFor("aborted operator")
            #expect(row, "\(rowScreen)")
        }
    }

    @Test func sigtermRestoresTheTerminal() async throws {
        let exe = try BuiltProducts.executable("assocmon")
        try await TmuxSession.with(command: { dir in
            let run = dir.appendingPathComponent("run.sh")
            try? "echo $$ > \(dir.path)/pid\nexec \(exe) --bind 127.0.0.1 --port 0 --storage-dir \(dir.path)/store\n"
                .write(to: run, atomically: true, encoding: .utf8)
            return "sh \(run.path)"
        }) { tmux in
            #expect(await tmux.port() != nil)
            let pidText = (try? String(contentsOf: tmux.directory.appendingPathComponent("pid"), encoding: .utf8)) ?? ""
            guard let pid = Int32(pidText.trimmingCharacters(in: .whitespacesAndNewlines)), pid > 1 else {
                Issue.record("no pid file: \(pidText)")
                return
            }
            kill(pid, SIGTERM)
            let (exited, screen) = await tmux.waitFor("ASSOCMON-EXIT=")
            #expect(exited, "\(screen)")
            let (modes, after) = await tmux.waitFor { $0.contains("icanon") }
            #expect(modes && !after.contains("-icanon"), "terminal left in raw mode after SIGTERM:\n\(after)")
        }
    }

    /// storescu of a CT shows its patient and study under the C-STORE-RQ in the Activity tab; a findscu query
    /// afterwards shows its keys with their values and matching, and the pending response the CT's identifier.
    @Test func storedPatientAndQueryKeysShowInTheActivityTab() async throws {
        try await withMonitor("--policy accept") { tmux, port in
            let locate = try Subprocess(["/usr/bin/env", "python3", "-c",
                                         "import pydicom.data as d; print(d.get_testdata_file('CT_small.dcm'))"])
            #expect(await locate.wait() == 0, "\(locate.output)")
            let ct = locate.output.trimmingCharacters(in: .whitespacesAndNewlines)
            let store = try Subprocess(["/usr/bin/storescu", "-aec", "ASSOCMON", "127.0.0.1", "\(port)", ct])
            defer { store.stop() }
            #expect(await store.wait() == 0, "\(store.output)")
            let find = try Subprocess(["/usr/bin/findscu", "-S", "-aec", "ASSOCMON", "-k", "QueryRetrieveLevel=STUDY",
                                       "-k", "PatientName=Compressed*", "-k", "StudyDate=20040101-20041231",
                                       "-k", "PatientID", "127.0.0.1", "\(port)"])
            defer { find.stop() }
            #expect(await find.wait() == 0, "\(find.output)")
            // The newest association, the query, is selected.
            await tmux.send("3")
            let (query, screen) = await tmux.waitFor {
                $0.contains("STUDY StudyDate=20040101-20041231 (range)  PatientName=Compressed* (wildcard)")
                    && $0.contains("returns PatientID")
                    && $0.contains("StudyDate=20040119  PatientName=CompressedSamples^CT1  PatientID=1CT1")
            }
            #expect(query, "the query's keys and the pending response's identifier:\n\(screen)")
            await tmux.send("j")
            let (stored, storeScreen) = await tmux.waitFor {
                $0.contains("STORESCU→ASSOCMON") && $0.contains("CT  128x128  1CT1 CompressedSamples^CT1  2004-01-19 e+1")
            }
            #expect(stored, "the CT's patient and study under its C-STORE-RQ:\n\(storeScreen)")
            await tmux.send("q")
            #expect(await tmux.waitFor("ASSOCMON-EXIT=0").0)
        }
    }

    @Test func withoutATerminalItPointsToHeadless() async throws {
        let outcome = try await Subprocess.run(try BuiltProducts.executable("assocmon"),
                                               ["--bind", "127.0.0.1", "--port", "0"], timeout: .seconds(20))
        #expect(outcome.status != 0)
        #expect((outcome.stdout + outcome.stderr).contains("--headless"), "\(outcome.stdout)\(outcome.stderr)")
    }
}

extension Subprocess {
    /// What a peer printed, standard output then standard error (DCMTK logs to either).
    var output: String { stdout + stderr }
}

struct E2EError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
