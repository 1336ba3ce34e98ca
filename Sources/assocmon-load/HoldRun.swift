import DICOMUpperLayer
import Glibc
import NIOCore

/// `hold`: N associations open at the same time. All connections are opened and all A-ASSOCIATE-RQs sent
/// first; then the answers are collected with `poll(2)` under one deadline (a server that serves one
/// association at a time answers one and leaves the rest waiting, which shows as `unanswered` or, once its
/// accept queue is full, `not_connected`; `--timeout` bounds the whole run, not each socket). The accepted
/// ones are held `--hold-seconds`, then all released together (A-RELEASE-RQ, wait for every RP).
struct HoldRun {
    let options: LoadOptions

    enum Outcome { case pending, accepted, rejected(AAssociateRJ), failed(String) }

    func run() throws(LoadError) -> LoadReport {
        var request = ByteBufferAllocator().buffer(capacity: 512)
        do { try PDU.associateRQ(LoadModes.verificationRequest(options)).encode(into: &request) } catch {
            throw .codec("\(error)")
        }
        var sockets: [BlockingSocket?] = []
        var outcomes: [Outcome] = []
        var firstFailure: String?
        let start = ContinuousClock.now
        let deadline = start + .seconds(options.timeoutSeconds)
        var notConnected = 0
        for _ in 0..<options.count {
            // One deadline for the whole run: a server whose accept queue is full stalls `connect`; once one
            // connect times out, the rest are counted as not connected instead of waiting for each in turn.
            let left = deadline - ContinuousClock.now
            guard notConnected == 0, left > .zero else {
                notConnected += 1
                sockets.append(nil)
                outcomes.append(.failed("not connected"))
                continue
            }
            do {
                // At most 3 s per connect, so time is left to read the answers of those already connected.
                let socket = try BlockingSocket(port: options.port,
                                                timeoutSeconds: max(1, min(3, Int(left.components.seconds))))
                try send(request, over: socket)
                sockets.append(socket)
                outcomes.append(.pending)
            } catch {
                if case .timedOut = error { notConnected += 1 }
                firstFailure = firstFailure ?? error.description
                sockets.append(nil)
                outcomes.append(.failed(error.description))
            }
        }
        let sentSeconds = seconds(since: start)
        try collect(sockets: sockets, outcomes: &outcomes, firstFailure: &firstFailure, deadline: deadline) { frame in
            switch try? frame.decode() {
            case .associateAC?: .accepted
            case .associateRJ(let rj)?: .rejected(rj)
            case .abort(let abort)?: .failed("aborted: \(abort)")
            default: .failed("unexpected \(frame.type)")
            }
        }
        let establishSeconds = seconds(since: start)
        let accepted = outcomes.indices.filter { if case .accepted = outcomes[$0] { true } else { false } }
        var rejections: [String: Int] = [:]
        var failed = 0, unanswered = 0
        for outcome in outcomes {
            switch outcome {
            case .rejected(let rj): rejections["\(rj.result)/\(rj.source)/\(rj.reason)", default: 0] += 1
            case .failed: failed += 1
            case .pending: unanswered += 1
            case .accepted: break
            }
        }
        if options.holdSeconds > 0 { sleep(UInt32(options.holdSeconds)) }

        // Every held association still answers: one C-ECHO on each, all sent first, then the responses collected.
        let echoRQ = try Self.echoRequest()
        var echoOutcomes: [Outcome] = Array(repeating: .failed("not accepted"), count: sockets.count)
        for index in accepted {
            guard let socket = sockets[index] else { continue }
            do {
                try send(echoRQ, over: socket)
                echoOutcomes[index] = .pending
            } catch {
                echoOutcomes[index] = .failed(error.description)
            }
        }
        var echoFailure: String?
        try collect(sockets: sockets, outcomes: &echoOutcomes, firstFailure: &echoFailure,
                    deadline: ContinuousClock.now + .seconds(options.timeoutSeconds)) { frame in
            frame.type == .dataTF ? .accepted : .failed("expected C-ECHO-RSP, received \(frame.type)")
        }
        let echoed = echoOutcomes.filter { if case .accepted = $0 { true } else { false } }.count

        // Release every accepted association at once, then wait for all A-RELEASE-RPs.
        var releaseRQ = ByteBufferAllocator().buffer(capacity: 10)
        AReleaseRQ().encode(into: &releaseRQ)
        var releaseSockets: [BlockingSocket?] = Array(repeating: nil, count: sockets.count)
        var releaseOutcomes: [Outcome] = Array(repeating: .failed("not accepted"), count: sockets.count)
        let releaseStart = ContinuousClock.now
        for index in accepted {
            guard let socket = sockets[index] else { continue }
            do {
                try send(releaseRQ, over: socket)
                releaseSockets[index] = socket
                releaseOutcomes[index] = .pending
            } catch {
                releaseOutcomes[index] = .failed(error.description)
            }
        }
        var releaseFailure: String?
        try collect(sockets: releaseSockets, outcomes: &releaseOutcomes, firstFailure: &releaseFailure,
                    deadline: ContinuousClock.now + .seconds(options.timeoutSeconds)) { frame in
            frame.type == .releaseRP ? .accepted : .failed("expected A-RELEASE-RP, received \(frame.type)")
        }
        let releaseSeconds = seconds(since: releaseStart)
        let released = releaseOutcomes.filter { if case .accepted = $0 { true } else { false } }.count
        sockets.removeAll()
        releaseSockets.removeAll()

        var report = LoadReport()
        report.add("mode", "hold")
        report.add("count", options.count)
        report.add("accepted", accepted.count)
        report.add("rejected", rejections.isEmpty ? "0" : rejections.map { "\($0.value)x\($0.key)" }.joined(separator: ","))
        report.add("failed", failed - notConnected)
        report.add("not_connected", notConnected)
        report.add("unanswered", unanswered)
        report.add("connect_send_seconds", sentSeconds)
        report.add("establish_seconds", establishSeconds)
        report.add("echoed", echoed)
        report.add("released", released)
        report.add("release_seconds", releaseSeconds)
        report.add("rate", Double(accepted.count) / establishSeconds, digits: 1)
        report.add("unit", "assoc/s")
        if let firstFailure { report.add("first_failure", "\"\(firstFailure)\"") }
        if let echoFailure { report.add("echo_failure", "\"\(echoFailure)\"") }
        if let releaseFailure { report.add("release_failure", "\"\(releaseFailure)\"") }
        return report
    }

    /// C-ECHO-RQ, message ID 1, on the Verification context, in one P-DATA-TF.
    static func echoRequest() throws(LoadError) -> ByteBuffer {
        var pdu = ByteBufferAllocator().buffer(capacity: 128)
        do {
            try MessageFragmenter(peerMaximumLength: 16_384)
                .encodeMessage(command: CEchoRQ(messageID: 1).commandSet.encoded(), dataSet: nil,
                               presentationContextID: LoadIdentity.verificationContext.id, into: &pdu)
        } catch {
            throw .codec("\(error)")
        }
        return pdu
    }

    private func send(_ buffer: ByteBuffer, over socket: BlockingSocket) throws(LoadError) {
        var failure: LoadError?
        buffer.withUnsafeReadableBytes { bytes in
            do throws(LoadError) { try socket.sendAll(bytes) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    /// Reads from every pending socket until each has produced one PDU (turned into an outcome by `decide`),
    /// closed, or `deadline` passed.
    private func collect(sockets: [BlockingSocket?], outcomes: inout [Outcome], firstFailure: inout String?,
                         deadline: ContinuousClock.Instant, decide: (PDUFrame) -> Outcome) throws(LoadError) {
        let framer = PDUFramer(limits: .unlimited)
        var buffers = [ByteBuffer](repeating: ByteBuffer(), count: sockets.count)
        var scratch = [UInt8](repeating: 0, count: 4096)
        while true {
            let pending = outcomes.indices.filter { if case .pending = outcomes[$0] { sockets[$0] != nil } else { false } }
            if pending.isEmpty { return }
            // Past the deadline, one last look at what already arrived (poll timeout 0), then stop.
            let remaining = max(.zero, deadline - ContinuousClock.now)
            let isLastLook = remaining == .zero
            var fds = pending.map { pollfd(fd: sockets[$0]?.fd ?? -1, events: Int16(POLLIN), revents: 0) }
            let milliseconds = Int32(min(remaining.components.seconds * 1000 + 1, 60_000))
            let ready = poll(&fds, nfds_t(fds.count), isLastLook ? 0 : milliseconds)
            if ready < 0 {
                if errno == EINTR { continue }
                throw .system(operation: "poll", errno: errno)
            }
            if isLastLook && ready == 0 { return }
            for (slot, index) in pending.enumerated() where fds[slot].revents != 0 {
                guard let socket = sockets[index] else { continue }
                var failure: LoadError?
                let count = scratch.withUnsafeMutableBytes { bytes in
                    do throws(LoadError) { return try socket.receive(into: bytes) } catch { failure = error; return 0 }
                }
                if let failure {
                    outcomes[index] = .failed(failure.description)
                    firstFailure = firstFailure ?? failure.description
                    continue
                }
                if count == 0 {
                    outcomes[index] = .failed("closed by the server")
                    firstFailure = firstFailure ?? "closed by the server"
                    continue
                }
                buffers[index].writeBytes(scratch[0..<count])
                do {
                    if let frame = try framer.nextFrame(from: &buffers[index]) {
                        outcomes[index] = decide(frame)
                        if case .failed(let why) = outcomes[index] { firstFailure = firstFailure ?? why }
                    }
                } catch {
                    outcomes[index] = .failed("\(error)")
                    firstFailure = firstFailure ?? "\(error)"
                }
            }
        }
    }
}
