import AssociationEvents
import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// The embedded SCP: listens, runs one PS3.8 §9.2 acceptor state machine per TCP connection, holds every
/// A-ASSOCIATE-RQ in Sta3 until a decision arrives, and serves Verification, Storage and C-FIND on what it accepted.
///
/// The channel to the outside world is `events` (out) and `send(_:)` (in):
/// - `events` is fed by an `EngineEventQueue`. An event loop never waits for the consumer: it appends the event
///   under a lock and returns; a waiting consumer is woken at most every 2 ms with everything queued, in order. A
///   slow consumer (a curses front drawing, a pipe on stdout) therefore never stalls network I/O, and a busy engine
///   wakes the consumer a few hundred times a second instead of once per event (at thousands of associations a
///   second those wake-ups cost more CPU than the DICOM work). The queue has a ceiling
///   (`EngineOptions.eventBacklogLimit`): a consumer that falls that far behind gets per-association counts of
///   the `dimse` events beyond it (one `events-dropped` event) instead of the events; no other event is dropped.
/// - `send(_:)` never blocks: it hops onto the event loop of the association concerned.
public final class AssociationEngine: Sendable {
    public let options: EngineOptions
    /// Every event the engine produces, in order per association. Iterate once (single consumer).
    public var events: EngineEvents { EngineEvents(queue: eventQueue) }
    let eventQueue: EngineEventQueue
    let logger: Logger
    let group: any EventLoopGroup
    let shared: NIOLockedValueBox<SharedState>
    let decisionSource: DecisionSource
    /// The decoded request, proposal and unedited A-ASSOCIATE-AC of requests seen before, byte for byte.
    let answerCache = AnswerCache()
    /// Computes proposals and A-ASSOCIATE-ACs (Verification + Storage, `--prefer-ts`, roles; see its policy).
    let proposalBuilder: ProposalBuilder
    let stopped: NIOLockedValueBox<[CheckedContinuation<Void, Never>]>
    /// Handlers alive, requests held in Sta3 and upstream legs alive, counted as they come and go
    /// (`resourceCounts`).
    let liveCounts = NIOLockedValueBox<(handlers: Int, heldRequests: Int, upstreamLegs: Int)>((0, 0, 0))
    /// A storage writer given instead of the one `start()` builds from the options.
    private let givenStorage: StorageWriter?
    /// The text of the last local address a connection arrived on: the same for every connection to one listener,
    /// so it is formatted (inet_ntop(3)) once rather than per connection.
    private let lastLocalAddress = NIOLockedValueBox<(address: SocketAddress, text: String)?>(nil)

    /// `address` as the events show it (`SocketAddress.peerDescription`), from the one-entry cache when it is there.
    func localDescription(_ address: SocketAddress?) -> String {
        guard let address else { return "?" }
        if let cached = lastLocalAddress.withLockedValue({ $0 }), cached.address == address { return cached.text }
        let text = address.peerDescription
        lastLocalAddress.withLockedValue { $0 = (address, text) }
        return text
    }

    /// The event loops the `assocmon` executable serves on: one per core but one (at least one). The core left
    /// over runs the event consumer (JSON lines or the curses front) and the storage writer thread. With one loop
    /// per core on the 2-core VM, every association crossed threads (accepting loop → connection's loop → drain
    /// loop); one loop there gave 3,705 instead of 3,086 sequential associations/s (220 instead of 286 µs of
    /// server CPU each), and 4 parallel clients or 4 parallel C-STOREs were not slower (README, Benchmarks).
    public static let standaloneEventLoopGroup: any EventLoopGroup =
        MultiThreadedEventLoopGroup(numberOfThreads: max(1, System.coreCount - 1))

    struct SharedState {
        var nextAssociation = 1
        var connections: ConnectionRegistry
        var policy: Policy
        var serverChannel: (any Channel)?
        var started = false
        var stopping = false
        var finished = false
        var boundPort: Int?
        var storage: StorageWriter?
        /// Answers C-FIND on the query contexts; nil with `--no-queries`.
        var findService: FindService?
        /// The DICOM TLS listener (PS3.15 Annex B), when `options.tls` is set.
        var tlsServerChannel: (any Channel)?
        var tlsBoundPort: Int?
        /// The upstream leg's TLS client context (tap mode with `forwardTLS`), built at start.
        var upstreamTLS: TLSClientContext?
    }

    /// - Parameters:
    ///   - group: the event loops to serve on; the NIO singleton group by default.
    ///   - storage: where C-STORE data sets go, instead of a `StorageWriter` built from `storageDirectory`,
    ///     `noStore` and `storageSync` (to observe or slow down its flushes).
    public init(options: EngineOptions, logger: Logger = Logger(label: "assocmon.engine"),
                group: (any EventLoopGroup)? = nil, storage: StorageWriter? = nil) {
        self.options = options
        givenStorage = storage
        self.logger = logger
        self.group = group ?? MultiThreadedEventLoopGroup.singleton
        eventQueue = EngineEventQueue(limit: options.eventBacklogLimit, wakeLoop: self.group.next())
        shared = NIOLockedValueBox(SharedState(connections: ConnectionRegistry(limits: options.connectionLimits),
                                               policy: options.policy))
        decisionSource = DecisionSource(options: options)
        proposalBuilder = ProposalBuilder(ProposalConfiguration(
            maxPDULength: UInt32(clamping: options.maxPDULength),
            acceptUnknownSOPClasses: options.acceptUnknownSOPClasses,
            acceptUnknownTransferSyntaxes: options.acceptUnknownTransferSyntaxes,
            preferredTransferSyntaxes: options.preferredTransferSyntaxes, acceptsQueries: options.answersQueries))
        stopped = NIOLockedValueBox([])
    }

    /// The port actually bound, once `start()` returned.
    public var port: Int? { shared.withLockedValue { $0.boundPort } }

    /// The standing policy for new requests.
    public var policy: Policy { shared.withLockedValue { $0.policy } }

    /// What the engine holds now (handlers, registry entries, held requests, events not yet taken). With no
    /// connection open and the consumer caught up, all are zero; a soak run or a test checks that nothing
    /// per association outlives it.
    public var resourceCounts: EngineResourceCounts {
        let live = liveCounts.withLockedValue { $0 }
        return EngineResourceCounts(handlers: live.handlers, connections: shared.withLockedValue { $0.connections.count },
                                    heldRequests: live.heldRequests,
                                    pendingEvents: eventQueue.count, upstreamLegs: live.upstreamLegs)
    }

    /// Binds and starts accepting. Returns the bound port (useful with `--port 0`), the TLS port with `--no-plain`.
    /// Publishes `listening` for each port.
    @discardableResult
    public func start() async throws(EngineError) -> Int {
        let alreadyStarted = shared.withLockedValue { state in
            defer { state.started = true }
            return state.started
        }
        if alreadyStarted { throw .alreadyStarted }
        DictionaryWarmUp.start()
        try options.validate()
        if let error = decisionSource.loadError { throw .invalidOption(error) }
        for warning in decisionSource.warnings { logger.warning("\(warning)") }
        let storage: StorageWriter
        if let givenStorage {
            storage = givenStorage
        } else if options.noStore {
            storage = .discarding()
        } else {
            do {
                storage = try StorageWriter(directory: options.storageDirectory, sync: options.storageSync)
            } catch {
                throw .invalidOption("cannot use --storage-dir \(options.storageDirectory): \(error)")
            }
            let purged = storage.purgeTemporaryFiles()
            if purged > 0 { logger.notice("removed \(purged) partial file(s) left by an earlier run") }
        }
        shared.withLockedValue { $0.storage = storage }
        startQueries(storage: storage)
        let tlsContext = try makeTLSContext()
        let upstreamTLS = try makeUpstreamTLSContext()
        shared.withLockedValue { $0.upstreamTLS = upstreamTLS }
        if options.noPlain, let tlsContext {
            let tlsPort = try await bindTLSListener(tlsContext)
            publishListening(port: tlsPort, tls: true)
            return tlsPort
        }
        let bootstrap = makeServerBootstrap { [self] pipeline in
            try pipeline.addHandlers(AssociationHandler.pipeline(engine: self))
        }
        let channel: any Channel
        do {
            channel = try await bootstrap.bind(host: options.bindHost, port: options.port).get()
        } catch let error as IOError where error.errnoCode == EADDRINUSE {
            throw .portInUse(options.port)
        } catch {
            throw .bindFailed(host: options.bindHost, port: options.port, reason: "\(error)")
        }
        let port = channel.localAddress?.port ?? options.port
        shared.withLockedValue { state in
            state.serverChannel = channel
            state.boundPort = port
        }
        var tlsPort: Int?
        if let tlsContext {
            do {
                tlsPort = try await bindTLSListener(tlsContext)
            } catch {
                // Nothing may be left listening when start fails: the plain port bound above is closed again, and
                // no `listening` event has been published for it.
                shared.withLockedValue { state in
                    state.serverChannel = nil
                    state.boundPort = nil
                }
                try? await channel.close()
                throw error
            }
        }
        publishListening(port: port, tls: false)
        if let tlsPort { publishListening(port: tlsPort, tls: true) }
        return port
    }

    /// Logs and publishes `listening` for a bound port, once every listener `start()` needs is bound.
    private func publishListening(port: Int, tls: Bool) {
        let policy = self.policy
        if !tls {
            logger.info("listening on \(options.bindHost):\(port) as \(options.aeTitle), policy \(policy.rawValue)")
        }
        emit(.listening(Listening(addresses: ["\(options.bindHost):\(port)"], aeTitle: options.aeTitle,
                                  policy: policy, tls: tls, maxAssociations: options.maxAssociations,
                                  maxPending: options.maxPending, maxPerPeer: options.maxPerPeer, time: Date())))
    }

    /// Hands a command to the engine. Never blocks; the outcome is reported as events (an unknown association or a
    /// command that does not fit the association's state gives an `error` event and changes nothing).
    public func send(_ command: EngineCommand) {
        switch command {
        case .accept(let id, let contexts, let roles, let remember):
            withConnection(id, command) { $0.operatorAccept(contexts: contexts, roles: roles, remember: remember) }
        case .reject(let id, let result, let source, let reason, let remember):
            withConnection(id, command) {
                $0.operatorReject(result: result, source: source, reason: reason, remember: remember)
            }
        case .abort(let id):
            withConnection(id, command) { $0.operatorAbort() }
        case .setPolicy(let policy):
            shared.withLockedValue { $0.policy = policy }
            logger.info("policy is now \(policy.rawValue)")
            emit(.policyChanged(PolicyChanged(policy: policy, time: Date())))
        case .saveRules:
            if let message = decisionSource.saveRules() {
                emit(.error(EngineErrorEvent(message: message, time: Date())))
            } else if let path = options.rulesFile {
                logger.info("rules saved to \(path)")
            }
        case .shutdown:
            Task { await self.shutdown(reason: "shutdown command") }
        }
    }

    /// Graceful stop (SIGINT/SIGTERM, the `shutdown` command): stop listening, reject requests waiting in Sta3 with
    /// 2/3/1 (decidedBy `shutdown`), let running C-STOREs finish for up to `shutdownGrace` seconds, abort the rest.
    /// Returns when every connection is closed; then `events` finishes.
    public func shutdown(reason: String = "shutdown") async {
        let (first, server, tlsServer, connections) = shared.withLockedValue { state in
            defer { state.stopping = true }
            return (!state.stopping, state.serverChannel, state.tlsServerChannel, state.connections.handles)
        }
        if first {
            logger.info("stopping: \(reason)")
            emit(.stopping(Stopping(reason: reason, time: Date())))
            try? await server?.close()
            try? await tlsServer?.close()
            for connection in connections { connection.execute { $0.beginShutdown() } }
            finishIfIdle()
        }
        await waitUntilStopped()
    }

    /// Suspends until a shutdown has completed.
    public func waitUntilStopped() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let finished = shared.withLockedValue { $0.finished }
            if finished {
                continuation.resume()
            } else {
                stopped.withLockedValue { $0.append(continuation) }
                // Re-check: `finish` may have run between the two locks.
                if shared.withLockedValue({ $0.finished }) { resumeWaiters() }
            }
        }
    }

    // MARK: - Internal plumbing used by `AssociationHandler`

    func emit(_ event: EngineEvent) {
        eventQueue.append(event)
    }

    /// Emits `events` in order and empties the array (keeping its storage): one lock for the batch.
    func emit(draining events: inout [EngineEvent]) {
        eventQueue.append(draining: &events)
    }

    /// Registers a new transport connection from `peerAddress` (no port) as silent; returns its id and whether the
    /// engine is stopping (then the connection is closed at once). Silent connections that must make room for it
    /// (`ConnectionRegistry.admit`) are told to close on their own event loops.
    func register(_ handle: ConnectionHandle, peerAddress: String) -> (id: Int, stopping: Bool) {
        let (id, stopping, evictions) = shared.withLockedValue { state in
            let id = state.nextAssociation
            state.nextAssociation += 1
            let evictions = state.connections.admit(id: id, handle: handle, peerAddress: peerAddress)
            return (id, state.stopping, evictions)
        }
        for eviction in evictions {
            let reason = eviction.reason
            eviction.handle.execute { $0.closeSilentConnection(reason: reason) }
        }
        return (id, stopping)
    }

    /// The connection's A-ASSOCIATE-RQ arrived: it now counts as an association, unless a limit refuses it
    /// (`ConnectionRegistry.requestArrived`).
    func requestArrived(_ id: Int) -> ConnectionRegistry.Refusal? {
        shared.withLockedValue { $0.connections.requestArrived(id: id) }
    }

    func unregister(_ id: Int) {
        shared.withLockedValue { $0.connections.remove(id: id) }
        finishIfIdle()
    }

    /// Where C-STORE data sets go; set by `start()`.
    var storage: StorageWriter? { shared.withLockedValue { $0.storage } }

    /// Answers C-FIND; set by `start()` unless `answersQueries` is off.
    var findService: FindService? { shared.withLockedValue { $0.findService } }

    /// The query index, rebuilt from what the storage directory holds (PS3.4 C.6.1), and the worklist folder.
    private func startQueries(storage: StorageWriter) {
        guard options.answersQueries else { return }
        let index = InstanceIndex()
        if let directory = storage.directory {
            let started = Date()
            let count = index.rebuild(from: directory)
            if count > 0 {
                let milliseconds = Int(Date().timeIntervalSince(started) * 1000)
                logger.notice("query index: \(count) stored instance(s) read from \(directory) in \(milliseconds) ms")
            }
        }
        let service = FindService(index: index, worklist: options.worklistDirectory.map(WorklistSource.init))
        shared.withLockedValue { $0.findService = service }
    }

    var isStopping: Bool { shared.withLockedValue { $0.stopping } }

    private func withConnection(_ id: Int, _ command: EngineCommand,
                                _ body: @escaping @Sendable (AssociationHandler) -> Void) {
        guard let handle = shared.withLockedValue({ $0.connections[id] }) else {
            emit(.error(EngineErrorEvent(association: id,
                                         message: "\(command.name): no open association \(id)", time: Date())))
            return
        }
        handle.execute(body)
    }

    private func finishIfIdle() {
        let done = shared.withLockedValue { state -> Bool in
            guard state.stopping, state.connections.count == 0, !state.finished else { return false }
            state.finished = true
            return true
        }
        guard done else { return }
        logger.info("stopped")
        eventQueue.finish()
        resumeWaiters()
    }

    private func resumeWaiters() {
        let waiters = stopped.withLockedValue { list in
            defer { list.removeAll() }
            return list
        }
        for waiter in waiters { waiter.resume() }
    }
}

extension AssociationEngine {
    /// The bootstrap both listeners (plain and DICOM TLS) share; only the child pipeline differs.
    func makeServerBootstrap(
        childHandlers: @escaping @Sendable (ChannelPipeline.SynchronousOperations) throws -> Void
    ) -> ServerBootstrap {
        ServerBootstrap(group: group)
            // Room for a burst of connections (1000 opened at once overflowed 256: SYN retransmits, 1 s + 2 s);
            // the kernel caps it at net.core.somaxconn.
            .serverChannelOption(.backlog, value: 4096)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            // The accepted socket's options are set here, synchronously: given as child channel options they cost
            // a chain of futures per connection (3 % of the server's CPU per association in `perf record`), and
            // each one a generic associated-type lookup in the Swift runtime.
            .childChannelInitializer { [receiveBuffers = ReceiveBuffers.allocator(maximumLength: proposalBuilder.maxPDULength)] channel in
                channel.eventLoop.makeCompletedFuture {
                    if let options = channel.syncOptions {
                        try options.setOption(.tcpOption(.tcp_nodelay), value: 1)
                        try options.setOption(.socketOption(.so_keepalive), value: 1)
                        try options.setOption(.maxMessagesPerRead, value: 16)
                        try options.setOption(.recvAllocator, value: receiveBuffers)
                    } else {
                        // A channel without synchronous options (none of NIO's sockets): the same, through futures.
                        _ = channel.setOption(.tcpOption(.tcp_nodelay), value: 1)
                        _ = channel.setOption(.socketOption(.so_keepalive), value: 1)
                        _ = channel.setOption(.maxMessagesPerRead, value: 16)
                        _ = channel.setOption(.recvAllocator, value: receiveBuffers)
                    }
                    try childHandlers(channel.pipeline.syncOperations)
                }
            }
    }

    /// Publishes a malformed command line as an `error` event; nothing else changes.
    public func report(commandError error: any Error) {
        let message = (error as? CommandLineError).map { "malformed command: \($0.message)" }
            ?? "malformed command: \(error)"
        logger.warning("\(message)")
        emit(.error(EngineErrorEvent(message: message, time: Date())))
    }
}
