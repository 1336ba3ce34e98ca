import Foundation
import Glibc
import Testing
import TestSupport

/// The runner every test uses for real peers: bounded, killed by pid, nothing of the test process inherited.
@Suite(.timeLimit(.minutes(1)))
struct SubprocessTests {
    @Test func anOverrunningProgramIsKilledAndReportedAsTimedOut() async throws {
        let started = ContinuousClock.now
        let outcome = try await Subprocess.run("/bin/sleep", ["30"], timeout: .milliseconds(300))
        #expect(outcome.timedOut)
        #expect(outcome.status == 128 + SIGKILL)
        // Well before the 30 s the program would sleep: it was killed, not waited for. The margin is wide because on
        // two loaded cores the kill's timer and the reaping task can wait for a cooperative thread for seconds
        // (10.6 s once, with three Swift builds beside the test run).
        #expect(ContinuousClock.now - started < .seconds(25))
    }

    @Test func theBlockingWaitIsBoundedTheSameWay() throws {
        let started = ContinuousClock.now
        let outcome = try Subprocess.runBlocking("/bin/sleep", ["30"], timeout: .milliseconds(300))
        #expect(outcome.timedOut)
        #expect(ContinuousClock.now - started < .seconds(25))
        let quick = try Subprocess.runBlocking("/bin/sh", ["-c", "echo out; echo err >&2; exit 3"])
        #expect(!quick.timedOut && quick.status == 3 && quick.stdout == "out\n" && quick.stderr == "err\n")
    }

    /// The child starts with no signal blocked and SIGPIPE not ignored, whichever thread of the test process
    /// spawns it (the cooperative pool's worker threads block signals): SIGTERM ends it, as it ends a peer or
    /// assocmon that a test stops.
    @Test(arguments: 0..<8)
    func aSignalEndsWithStatus128PlusItsNumber(round: Int) async throws {
        let outcome = try await Subprocess.run("/bin/sh", ["-c", "kill -TERM $$; sleep 5"])
        #expect(!outcome.timedOut && outcome.status == 128 + SIGTERM, "round \(round): \(outcome.status)")
        let state = try await Subprocess.run("/bin/grep", ["-E", "^Sig(Blk|Ign)", "/proc/self/status"])
        let fields = Dictionary(uniqueKeysWithValues: state.stdout.split(separator: "\n").compactMap { line in
            let parts = line.split(separator: ":")
            return parts.count == 2 ? (String(parts[0]), UInt64(parts[1].trimmingCharacters(in: .whitespaces),
                                                                 radix: 16)) : nil
        })
        #expect(fields["SigBlk"] == 0, "\(state.stdout)")
        let ignored = try #require(fields["SigIgn"] ?? nil, "\(state.stdout)")
        #expect(ignored & (1 << (UInt64(SIGPIPE) - 1)) == 0, "\(state.stdout)")
    }

    @Test func textInputAndEnvironmentReachTheProgram() async throws {
        let echoed = try await Subprocess.run("/bin/cat", [], input: "a\nb\n")
        #expect(echoed.status == 0 && echoed.stdout == "a\nb\n")
        let environment = try await Subprocess.run("/usr/bin/env", [], environment: ["ASSOCMON_SUBPROCESS": "x y"])
        #expect(environment.stdout.split(separator: "\n").contains("ASSOCMON_SUBPROCESS=x y"))
        #expect(environment.stdout.contains("PATH="), "the variables are added to this process's environment")
    }

    /// Lines written to the pipe arrive one by one; a line still being written is not shown; closing the input
    /// ends `cat`.
    @Test func pipeInputIsWrittenAsTheTestGoes() async throws {
        let cat = try Subprocess(["/bin/cat"], input: .pipe)
        cat.send("one\npartial")
        let deadline = ContinuousClock.now + .seconds(10)
        while cat.stdoutLines.isEmpty, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
        #expect(cat.stdoutLines == ["one"])
        cat.send(" line\n")
        cat.closeInput()
        #expect(await cat.wait(timeout: .seconds(10)) == 0)
        #expect(cat.stdoutLines == ["one", "partial line"])
        cat.send("after the end is ignored\n")
    }

    /// A listening socket of the test process (like an engine's, which NIO opens without FD_CLOEXEC) is not open
    /// in the child: a daemon the child forks would otherwise keep the port bound after the test closes it.
    @Test func theChildInheritsNoDescriptorBeyondStandardError() async throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        try #require(listener >= 0)
        defer { close(listener) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        try #require(bound == 0 && listen(listener, 1) == 0)
        #expect(fcntl(listener, F_GETFD) & FD_CLOEXEC == 0, "opened as NIO opens its sockets")
        var status = stat()
        try #require(fstat(listener, &status) == 0)
        // The last entry is the directory listing's own descriptor, gone when readlink runs.
        let outcome = try await Subprocess.run("/bin/sh", ["-c", "for f in /proc/$$/fd/*; do readlink $f; done; true"])
        #expect(outcome.stdout.contains("/dev/null"), "descriptor 0: \(outcome.stdout)")
        #expect(!outcome.stdout.contains("socket:[\(status.st_ino)]"), "\(outcome.stdout)")
    }

    @Test func aProgramThatCannotStartIsATypedError() {
        #expect(throws: Subprocess.SpawnFailed.self) { try Subprocess(["/nonexistent/program"]) }
    }
}
