import AssociationEvents
import DICOMUpperLayer
import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// An association we request (PS3.8 §9.2, the requestor's path AE-1 … AE-3, DT-1/DT-2, AR-1/AR-3, AA-1): a NIO
/// client channel whose `RequestorChannelHandler` runs the same `AssociationStateMachine` as the acceptor, in the
/// requestor role. C-ECHO (PS3.7 §9.1.5) and C-STORE (PS3.7 §9.1.1), one request at a time; a C-STORE's data set is
/// streamed from a Part-10 file or given as bytes, fragmented within the acceptor's Maximum Length (PS3.8 D.1).
///
/// ```swift
/// let association = try await AssociationRequestor.associate(
///     AssociationRequestor.proposal(calling: "ME", called: "PACS", abstractSyntaxes: [verification]), port: 11112)
/// let status = try await association.echo()
/// try await association.release()
/// ```
public final class AssociationRequestor: Sendable {
    /// What we proposed and what the acceptor agreed.
    public let request: AAssociateRQ
    public let accepted: AAssociateAC
    private let channel: any Channel
    private let handler: NIOLoopBound<RequestorChannelHandler>
    private let fragmenter: MessageFragmenter
    private let nextMessageID = NIOLockedValueBox<UInt16>(0)

    private init(request: AAssociateRQ, accepted: AAssociateAC, channel: any Channel,
                 handler: NIOLoopBound<RequestorChannelHandler>) {
        self.request = request
        self.accepted = accepted
        self.channel = channel
        self.handler = handler
        fragmenter = MessageFragmenter(peerMaximumLength: accepted.userInformation.maximumLength ?? 0)
    }

    /// An A-ASSOCIATE-RQ proposing each abstract syntax in each transfer syntax on a presentation context of its
    /// own (IDs 1, 3, 5, …, at most 128, PS3.8 §9.3.2.2), so that the acceptor accepts every pair it supports
    /// rather than picking one transfer syntax per abstract syntax. Implicit VR Little Endian, the default of PS3.5
    /// §10.1, unless told otherwise.
    public static func proposal(calling: String, called: String, abstractSyntaxes: [String],
                                transferSyntaxes: [String] = ["1.2.840.10008.1.2"],
                                maximumLength: UInt32 = 16_384) -> AAssociateRQ {
        let pairs = abstractSyntaxes.flatMap { syntax in transferSyntaxes.map { (syntax, $0) } }.prefix(128)
        return AAssociateRQ(
            calledAETitle: called, callingAETitle: calling,
            presentationContexts: pairs.enumerated().map { index, pair in
                PresentationContextRQItem(id: UInt8(2 * index + 1), abstractSyntax: pair.0,
                                          transferSyntaxes: [pair.1])
            },
            userInformation: UserInformation(maximumLength: maximumLength,
                                             implementationClassUID: AssocmonImplementation.classUID,
                                             implementationVersionName: AssocmonImplementation.versionName))
    }

    /// Opens the transport connection and proposes `request` (Evt1, AE-1, AE-2); returns once the acceptor
    /// accepted (AE-3). Throws `AssociationRequestorError.rejected` with its A-ASSOCIATE-RJ (AE-4), or why else no
    /// association came about; `timeout` bounds the connect and the wait for the answer (the ACSE timeout).
    public static func associate(_ request: AAssociateRQ, host: String = "127.0.0.1", port: Int,
                                 timeout: TimeAmount = .seconds(30),
                                 group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton)
        async throws -> AssociationRequestor {
        var machine = AssociationStateMachine(role: .requestor)
        guard let transition = machine.handle(.associateRequest(request)), transition.effects.contains(.connect)
        else { throw AssociationRequestorError.notAllowed("A-ASSOCIATE request refused in Sta1") }
        let started = machine
        let loop = group.next()
        let maximumLength = request.userInformation.maximumLength ?? 0
        // The handler is kept as the initializer makes it rather than looked up in the pipeline after connecting:
        // a peer that answers at once and closes (an A-ASSOCIATE-RJ, then the TCP close PS3.8 §9.2 asks of the
        // requestor's side in Sta1) can have emptied the pipeline before the lookup runs.
        let made = loop.makePromise(of: NIOLoopBound<RequestorChannelHandler>.self)
        let channel: any Channel
        do {
            channel = try await ClientBootstrap(group: loop)
                .channelOption(.tcpOption(.tcp_nodelay), value: 1)
                .channelOption(.recvAllocator, value: ReceiveBuffers.allocator(maximumLength: maximumLength))
                .connectTimeout(timeout)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        let handler = RequestorChannelHandler(
                            machine: started, maximumLength: maximumLength, eventLoop: channel.eventLoop)
                        try channel.pipeline.syncOperations.addHandler(handler)
                        made.succeed(NIOLoopBound(handler, eventLoop: channel.eventLoop))
                    }
                }
                .connect(host: host, port: port).get()
        } catch {
            made.fail(error)
            throw AssociationRequestorError.connectionFailed("\(host):\(port): \(error)")
        }
        let handler = try await made.futureResult.get()
        let established = try await channel.eventLoop.submit { handler.value.established.futureResult }.get()
        let acse = channel.eventLoop.scheduleTask(in: timeout) {
            handler.value.established.fail(AssociationRequestorError.timedOut("the A-ASSOCIATE-AC"))
            handler.value.abort(origin: .timeout)
        }
        do {
            let accepted = try await established.get()
            acse.cancel()
            return AssociationRequestor(request: request, accepted: accepted, channel: channel, handler: handler)
        } catch {
            acse.cancel()
            channel.close(promise: nil)
            throw error
        }
    }

    // MARK: - Presentation contexts

    /// The accepted presentation context for `abstractSyntax` (in `transferSyntax`, if given) (PS3.8 §9.3.3.2).
    public func presentationContext(for abstractSyntax: String, transferSyntax: String? = nil)
        -> (id: UInt8, transferSyntax: String)? {
        for item in accepted.presentationContexts where item.result == .acceptance {
            guard let proposed = request.presentationContexts.first(where: { $0.id == item.id }),
                  proposed.abstractSyntax == abstractSyntax, let syntax = item.transferSyntax,
                  transferSyntax == nil || transferSyntax == syntax else { continue }
            return (item.id, syntax)
        }
        return nil
    }

    private func context(for abstractSyntax: String, transferSyntax: String? = nil) throws -> UInt8 {
        guard let found = presentationContext(for: abstractSyntax, transferSyntax: transferSyntax) else {
            throw AssociationRequestorError.noPresentationContext(abstractSyntax: abstractSyntax,
                                                                  transferSyntax: transferSyntax)
        }
        return found.id
    }

    private func messageID() -> UInt16 {
        nextMessageID.withLockedValue { id in
            id = id == .max ? 1 : id + 1
            return id
        }
    }

    // MARK: - DIMSE

    /// C-ECHO (PS3.7 §9.1.5): the status of the C-ECHO-RSP.
    public func echo(timeout: TimeAmount = .seconds(30)) async throws -> DIMSEStatus {
        let contextID = try context(for: CEchoRQ.verificationSOPClassUID)
        let id = messageID()
        var pdus = channel.allocator.buffer(capacity: 128)
        try fragmenter.encodeMessage(command: CEchoRQ(messageID: id).commandSet, dataSet: nil,
                                     presentationContextID: contextID, into: &pdus)
        let response = try await exchange(pdus, messageID: id, timeout: timeout, what: "the C-ECHO-RSP")
        return response.status ?? DIMSEStatus(rawValue: 0xC000)
    }

    /// C-STORE (PS3.7 §9.1.1) of a data set held in memory, encoded in `transferSyntax` (a context proposing it
    /// for `sopClassUID` must have been accepted): the status of the C-STORE-RSP.
    public func store(dataSet: ByteBuffer, sopClassUID: String, sopInstanceUID: String,
                      transferSyntax: String = "1.2.840.10008.1.2",
                      timeout: TimeAmount = .seconds(30)) async throws -> DIMSEStatus {
        let contextID = try context(for: sopClassUID, transferSyntax: transferSyntax)
        let id = messageID()
        let command = CStoreRQ(messageID: id, affectedSOPClassUID: sopClassUID, affectedSOPInstanceUID: sopInstanceUID)
        var pdus = channel.allocator.buffer(capacity: dataSet.readableBytes + 512)
        try fragmenter.encodeMessage(command: command.commandSet, dataSet: dataSet,
                                     presentationContextID: contextID, into: &pdus)
        let response = try await exchange(pdus, messageID: id, timeout: timeout, what: "the C-STORE-RSP")
        return response.status ?? DIMSEStatus(rawValue: 0xC000)
    }

    /// C-STORE of the data set of a Part-10 file (PS3.10 §7.1), streamed: at most `chunkSize` bytes of it are in
    /// memory, and each is written before the next is read.
    public func store(file path: String, chunkSize: Int = 65_536,
                      timeout: TimeAmount = .seconds(30)) async throws -> DIMSEStatus {
        guard let file = FileHandle(forReadingAtPath: path) else {
            throw AssociationRequestorError.invalidMessage("cannot open \(path)")
        }
        defer { try? file.close() }
        let head = try file.read(upToCount: 65_536) ?? Data()
        let header: Part10Header
        do {
            header = try Part10Header(reading: ByteBuffer(bytes: head))
        } catch {
            throw AssociationRequestorError.invalidMessage("\(path): \(error)")
        }
        let contextID = try context(for: header.sopClassUID, transferSyntax: header.transferSyntaxUID)
        let id = messageID()
        let command = CStoreRQ(messageID: id, affectedSOPClassUID: header.sopClassUID,
                               affectedSOPInstanceUID: header.sopInstanceUID)
        var stream = try fragmenter.dataSetStream(presentationContextID: contextID)
        var pdus = channel.allocator.buffer(capacity: 512)
        try fragmenter.encodeCommand(command.commandSet.encoded(), presentationContextID: contextID, into: &pdus)
        let response = channel.eventLoop.makePromise(of: DIMSECommand.self)
        try await send(pdus, messageID: id, response: response)
        var chunk = ByteBuffer(bytes: head.dropFirst(header.dataSetOffset))
        while true {
            var out = channel.allocator.buffer(capacity: chunk.readableBytes + 64)
            stream.append(chunk, into: &out)
            if out.readableBytes > 0 { try await send(out, messageID: nil, response: nil) }
            guard let next = try file.read(upToCount: chunkSize), !next.isEmpty else { break }
            chunk = ByteBuffer(bytes: next)
        }
        var last = channel.allocator.buffer(capacity: 64)
        try stream.finish(into: &last)
        try await send(last, messageID: nil, response: nil)
        let answer = try await wait(for: response, timeout: timeout, what: "the C-STORE-RSP")
        return answer.status ?? DIMSEStatus(rawValue: 0xC000)
    }

    private func exchange(_ pdus: ByteBuffer, messageID: UInt16, timeout: TimeAmount,
                          what: String) async throws -> DIMSECommand {
        let response = channel.eventLoop.makePromise(of: DIMSECommand.self)
        try await send(pdus, messageID: messageID, response: response)
        return try await wait(for: response, timeout: timeout, what: what)
    }

    /// Evt9 on the event loop; returns when the PDUs are written.
    private func send(_ pdus: ByteBuffer, messageID: UInt16?,
                      response: EventLoopPromise<DIMSECommand>?) async throws {
        let handler = handler
        let written = try await channel.eventLoop.submit {
            handler.value.send(pdus, expectingResponseTo: messageID, response: response)
        }.get()
        try await written?.get()
    }

    /// The DIMSE timeout: no response in time aborts the association (A-ABORT source 0).
    private func wait(for response: EventLoopPromise<DIMSECommand>, timeout: TimeAmount,
                      what: String) async throws -> DIMSECommand {
        let handler = handler
        let timer = channel.eventLoop.scheduleTask(in: timeout) {
            response.fail(AssociationRequestorError.timedOut(what))
            handler.value.abort(origin: .timeout)
        }
        defer { timer.cancel() }
        return try await response.futureResult.get()
    }

    // MARK: - Release and abort

    /// A-RELEASE (PS3.8 §7.2, AR-1 … AR-3): returns once the acceptor's A-RELEASE-RP arrived and the connection
    /// closed.
    public func release(timeout: TimeAmount = .seconds(30)) async throws {
        let handler = handler
        let released = channel.eventLoop.makePromise(of: Void.self)
        let timer = channel.eventLoop.scheduleTask(in: timeout) {
            released.fail(AssociationRequestorError.timedOut("the A-RELEASE-RP"))
            handler.value.abort(origin: .timeout)
        }
        defer { timer.cancel() }
        channel.eventLoop.execute { handler.value.release(released) }
        try await released.futureResult.get()
        try? await channel.closeFuture.get()
    }

    /// A-ABORT (PS3.8 §7.3, AA-1, source 0); returns once the connection is closed.
    public func abort() async {
        let handler = handler
        channel.eventLoop.execute { handler.value.abort(origin: .operator) }
        try? await channel.closeFuture.get()
    }
}
