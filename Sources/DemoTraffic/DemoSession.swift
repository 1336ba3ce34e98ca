import DICOMUpperLayer
import NIOCore
import SCUTestClient

/// Plays one `DemoRequestor` against the SCP on loopback as a PS3.8 requestor: A-ASSOCIATE-RQ, then — if
/// accepted — its DIMSE work and A-RELEASE-RQ (or the A-ABORT it is meant to send). A rejection or an abort from
/// the SCP simply ends it.
struct DemoSession {
    let requestor: DemoRequestor
    let host: String
    let port: Int
    /// How long to wait for the A-ASSOCIATE-AC/RJ: a person may be deciding (policy ask).
    let answerTimeout: Duration
    private var reassembler = MessageReassembler()

    init(requestor: DemoRequestor, host: String, port: Int, answerTimeout: Duration) {
        self.requestor = requestor; self.host = host; self.port = port; self.answerTimeout = answerTimeout
    }

    mutating func run() async throws(DemoError) {
        let client: SCUTestClient
        do { client = try await SCUTestClient.connect(host: host, port: port) } catch { throw .connect("\(error)") }
        defer { client.close() }
        try await send(.associateRQ(requestor.request), on: client)
        guard case .pdu(.associateAC(let ac)) = await client.receive(timeout: answerTimeout) else { return }
        let fragmenter = MessageFragmenter(peerMaximumLength: ac.userInformation.maximumLength ?? 0)
        switch requestor.work {
        case .echo:
            if let (id, _) = accepted(DemoScenario.verification, in: ac) {
                try await send(fragmenter, CEchoRQ(messageID: 1).commandSet, dataSet: nil, context: id, on: client)
                try await awaitResponse(on: client)
            }
        case .store(let images):
            for (index, image) in images.enumerated() {
                guard let (id, syntax) = accepted(image.sopClassUID, in: ac) else { continue }
                let command = CStoreRQ(messageID: UInt16(index + 1), affectedSOPClassUID: image.sopClassUID,
                                       affectedSOPInstanceUID: image.sopInstanceUID)
                let dataSet = image.encoded(explicitVR: syntax != DemoScenario.implicitVRLittleEndian)
                try await send(fragmenter, command.commandSet, dataSet: dataSet, context: id, on: client)
                try await awaitResponse(on: client)
            }
        case .abortMidStore(let image):
            if let (id, syntax) = accepted(image.sopClassUID, in: ac) {
                let command = CStoreRQ(messageID: 1, affectedSOPClassUID: image.sopClassUID,
                                       affectedSOPInstanceUID: image.sopInstanceUID)
                var buffer = ByteBuffer()
                do { try fragmenter.encodeCommand(command.commandSet.encoded(), presentationContextID: id, into: &buffer) }
                catch { throw .codec("\(error)") }
                try await send(bytes: buffer, on: client)
                var dataSet = image.encoded(explicitVR: syntax != DemoScenario.implicitVRLittleEndian)
                let half = dataSet.readSlice(length: dataSet.readableBytes / 4 * 2) ?? ByteBuffer()
                try await send(.dataTF(PDataTF(values: [
                    PresentationDataValue(presentationContextID: id, messageControlHeader: .dataMore, fragment: half),
                ])), on: client)
                try? await Task.sleep(for: .milliseconds(400))
                try await send(.abort(AAbort(source: 0)), on: client)
                _ = await client.waitForClose(timeout: .seconds(2))
                return
            }
        case .releaseOnly:
            break
        }
        guard case .pdu(.releaseRP) = try await release(on: client) else { return }
    }

    /// The accepted context proposing `abstractSyntax` and its transfer syntax (PS3.8 §9.3.3.2).
    private func accepted(_ abstractSyntax: String, in ac: AAssociateAC) -> (UInt8, String)? {
        for proposed in requestor.contexts where proposed.abstractSyntax == abstractSyntax {
            if let answer = ac.presentationContexts.first(where: { $0.id == proposed.id && $0.result.isAccepted }) {
                return (proposed.id, answer.transferSyntax ?? DemoScenario.implicitVRLittleEndian)
            }
        }
        return nil
    }

    private func send(_ fragmenter: MessageFragmenter, _ command: CommandSet, dataSet: ByteBuffer?, context: UInt8,
                      on client: SCUTestClient) async throws(DemoError) {
        var buffer = ByteBuffer()
        do {
            try fragmenter.encodeMessage(command: command, dataSet: dataSet, presentationContextID: context, into: &buffer)
        } catch {
            throw .codec("\(error)")
        }
        try await send(bytes: buffer, on: client)
    }

    private func send(bytes: ByteBuffer, on client: SCUTestClient) async throws(DemoError) {
        do { try await client.send(bytes: Array(bytes.readableBytesView)) } catch { throw .transport("\(error)") }
    }

    private func send(_ pdu: PDU, on client: SCUTestClient) async throws(DemoError) {
        do { try await client.send(pdu) } catch { throw .transport("\(error)") }
    }

    private func release(on client: SCUTestClient) async throws(DemoError) -> SCUTestClient.Received {
        do { return try await client.release() } catch { throw .transport("\(error)") }
    }

    /// Waits for the response command (C-ECHO-RSP, C-STORE-RSP) and checks its status is Success or a Warning.
    private mutating func awaitResponse(on client: SCUTestClient) async throws(DemoError) {
        while true {
            switch await client.receive(timeout: .seconds(30)) {
            case .pdu(.dataTF(let pdu)):
                let events: [MessageReassembler.Event]
                do { events = try reassembler.receive(pdu) } catch { throw .codec("\(error)") }
                for case .command(let command, _, _) in events {
                    let status = command.status?.rawValue ?? 0xFFFF
                    if status == 0 || (0xB000...0xBFFF).contains(status) { return }
                    throw .failure(status: status)
                }
            case .pdu(let other):
                throw .unexpected("\(other)")
            case .closed, .timedOut, .undecodable:
                throw .unexpected("no response")
            }
        }
    }
}

/// Why a demo requestor stopped early (logged, never fatal).
enum DemoError: Error, CustomStringConvertible {
    case connect(String), transport(String), codec(String), unexpected(String), failure(status: UInt16)

    var description: String {
        switch self {
        case .connect(let why): "cannot connect: \(why)"
        case .transport(let why): "transport: \(why)"
        case .codec(let why): "codec: \(why)"
        case .unexpected(let what): "unexpected: \(what)"
        case .failure(let status): "failure status 0x\(String(status, radix: 16))"
        }
    }
}
