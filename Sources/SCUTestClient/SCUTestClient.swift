import DICOMUpperLayer
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// A DICOM SCU for tests, built on `DICOMUpperLayer`: connects to 127.0.0.1 and sends what real clients cannot
/// (even presentation context IDs, unknown PDU types, P-DATA before the A-ASSOCIATE-AC, oversize PDU lengths,
/// garbage), then reads back PDUs exactly as the SCP sent them.
///
/// Every wait has a timeout; `close()` (or deinit) always releases the socket.
public final class SCUTestClient: Sendable {
    /// The result of waiting for a PDU.
    public enum Received: Sendable, Equatable {
        case pdu(PDU)
        /// The SCP closed the connection.
        case closed
        case timedOut
        /// Bytes arrived that do not frame as a PDU.
        case undecodable(String)
    }

    private let channel: any Channel
    private let inbox: Inbox

    private init(channel: any Channel, inbox: Inbox) {
        self.channel = channel
        self.inbox = inbox
    }

    /// Connects to `host:port` (loopback by default).
    public static func connect(host: String = "127.0.0.1", port: Int) async throws -> SCUTestClient {
        let inbox = Inbox()
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(.tcpOption(.tcp_nodelay), value: 1)
            .connectTimeout(.seconds(5))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(InboxHandler(inbox: inbox))
                }
            }
            .connect(host: host, port: port).get()
        return SCUTestClient(channel: channel, inbox: inbox)
    }

    /// Sends raw bytes as they are.
    public func send(bytes: [UInt8]) async throws {
        try await channel.writeAndFlush(ByteBuffer(bytes: bytes))
    }

    /// Sends a PDU; `unchecked` skips the codec's send rules (for deliberately odd PDUs).
    public func send(_ pdu: PDU, unchecked: Bool = false) async throws {
        try await channel.writeAndFlush(try pdu.encoded(mode: unchecked ? .unchecked : .strict))
    }

    /// Waits up to `timeout` for the next whole PDU.
    public func receive(timeout: Duration = .seconds(5)) async -> Received {
        let deadline = ContinuousClock.now + timeout
        while true {
            switch inbox.takePDU() {
            case .pdu(let pdu): return .pdu(pdu)
            case .error(let message): return .undecodable(message)
            case .closed: return .closed
            case .none: break
            }
            let remaining = deadline - ContinuousClock.now
            if remaining <= .zero { return .timedOut }
            await inbox.waitForChange(timeout: remaining, on: channel.eventLoop)
        }
    }

    /// Waits until the SCP closes the connection (anything it sends first stays readable); false on timeout.
    public func waitForClose(timeout: Duration = .seconds(5)) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while !inbox.isClosed {
            let remaining = deadline - ContinuousClock.now
            if remaining <= .zero { return false }
            await inbox.waitForChange(timeout: remaining, on: channel.eventLoop)
        }
        return true
    }

    /// Closes the connection (no release, no abort: a TCP loss as the SCP sees it).
    public func close() {
        channel.close(promise: nil)
    }

    deinit {
        channel.close(promise: nil)
    }
}

/// Bytes received so far and who waits for more. Lock-protected: written on the event loop, read by tests.
final class Inbox: Sendable {
    enum Taken { case pdu(PDU), error(String), closed, none }

    private struct State {
        var buffer = ByteBuffer()
        var framer = PDUFramer(limits: .unlimited)
        var closed = false
        var nextWaiter = 0
        var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
    }

    private let state = NIOLockedValueBox(State())

    var isClosed: Bool { state.withLockedValue { $0.closed } }

    func append(_ chunk: ByteBuffer) {
        var chunk = chunk
        let waiters = state.withLockedValue { state in
            state.buffer.writeBuffer(&chunk)
            defer { state.waiters.removeAll() }
            return Array(state.waiters.values)
        }
        waiters.forEach { $0.resume() }
    }

    func markClosed() {
        let waiters = state.withLockedValue { state in
            state.closed = true
            defer { state.waiters.removeAll() }
            return Array(state.waiters.values)
        }
        waiters.forEach { $0.resume() }
    }

    func takePDU() -> Taken {
        state.withLockedValue { state in
            do {
                if let pdu = try state.framer.nextPDU(from: &state.buffer) { return .pdu(pdu) }
            } catch {
                return .error("\(error)")
            }
            return state.closed ? .closed : .none
        }
    }

    func waitForChange(timeout: Duration, on loop: any EventLoop) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let id = state.withLockedValue { state -> Int? in
                if state.closed { return nil }
                state.nextWaiter += 1
                state.waiters[state.nextWaiter] = continuation
                return state.nextWaiter
            }
            guard let id else { return continuation.resume() }
            let nanoseconds = timeout.components.seconds * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000
            loop.scheduleTask(in: .nanoseconds(max(1, nanoseconds))) { [self] in
                let waiter = state.withLockedValue { $0.waiters.removeValue(forKey: id) }
                waiter?.resume()
            }
        }
    }
}

private final class InboxHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer
    let inbox: Inbox
    init(inbox: Inbox) { self.inbox = inbox }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        inbox.append(unwrapInboundIn(data))
    }

    func channelInactive(context: ChannelHandlerContext) {
        inbox.markClosed()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
