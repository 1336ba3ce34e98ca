import AssociationEngine
import DICOMUpperLayer
import NIOCore
import SCUTestClient

/// Plays one `DemoRequestor` against the SCP on loopback as a PS3.8 requestor (`AssociationRequestor`):
/// A-ASSOCIATE-RQ, then — if accepted — its DIMSE work and A-RELEASE-RQ, or the half C-STORE and A-ABORT it is meant
/// to send. A rejection or an abort from the SCP simply ends it.
struct DemoSession {
    let requestor: DemoRequestor
    let host: String
    let port: Int
    /// How long to wait for the A-ASSOCIATE-AC/RJ: a person may be deciding (policy ask).
    let answerTimeout: Duration

    init(requestor: DemoRequestor, host: String, port: Int, answerTimeout: Duration) {
        self.requestor = requestor; self.host = host; self.port = port; self.answerTimeout = answerTimeout
    }

    func run() async throws(DemoError) {
        if case .abortMidStore(let image) = requestor.work {
            return try await abortMidStore(image)
        }
        let association: AssociationRequestor
        do {
            association = try await AssociationRequestor.associate(requestor.request, host: host, port: port,
                                                                   timeout: Self.timeAmount(answerTimeout))
        } catch AssociationRequestorError.connectionFailed(let why) {
            throw .connect(why)
        } catch {
            return  // Rejected, aborted or unanswered: the SCP ended it.
        }
        do {
            switch requestor.work {
            case .echo:
                if association.presentationContext(for: DemoScenario.verification) != nil {
                    try Self.check(try await association.echo())
                }
            case .store(let images):
                for image in images {
                    guard let (_, syntax) = association.presentationContext(for: image.sopClassUID) else { continue }
                    let dataSet = image.encoded(explicitVR: syntax != DemoScenario.implicitVRLittleEndian)
                    try Self.check(try await association.store(
                        dataSet: dataSet, sopClassUID: image.sopClassUID, sopInstanceUID: image.sopInstanceUID,
                        transferSyntax: syntax))
                }
            case .releaseOnly, .abortMidStore:
                break
            }
            try await association.release()
        } catch let error as DemoError {
            await association.abort()
            throw error
        } catch {
            await association.abort()
            throw .unexpected("\(error)")
        }
    }

    /// A response is Success or a Warning (PS3.7 Annex C), or the demo requestor stops.
    private static func check(_ status: DIMSEStatus) throws(DemoError) {
        let value = status.rawValue
        guard value == 0 || (0xB000...0xBFFF).contains(value) else { throw .failure(status: value) }
    }

    private static func timeAmount(_ duration: Duration) -> TimeAmount {
        let (seconds, attoseconds) = duration.components
        return .nanoseconds(seconds.multipliedReportingOverflow(by: 1_000_000_000).partialValue
            + attoseconds / 1_000_000_000)
    }

    /// The command and half the data set of a C-STORE, then an A-ABORT: sent byte for byte by the test client,
    /// since a well-behaved requestor never stops a message half-way.
    private func abortMidStore(_ image: DemoImage) async throws(DemoError) {
        let client: SCUTestClient
        do { client = try await SCUTestClient.connect(host: host, port: port) } catch { throw .connect("\(error)") }
        defer { client.close() }
        try await send(.associateRQ(requestor.request), on: client)
        guard case .pdu(.associateAC(let ac)) = await client.receive(timeout: answerTimeout),
              let (id, syntax) = accepted(image.sopClassUID, in: ac) else { return }
        let fragmenter = MessageFragmenter(peerMaximumLength: ac.userInformation.maximumLength ?? 0)
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

    private func send(bytes: ByteBuffer, on client: SCUTestClient) async throws(DemoError) {
        do { try await client.send(bytes: Array(bytes.readableBytesView)) } catch { throw .transport("\(error)") }
    }

    private func send(_ pdu: PDU, on client: SCUTestClient) async throws(DemoError) {
        do { try await client.send(pdu) } catch { throw .transport("\(error)") }
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
