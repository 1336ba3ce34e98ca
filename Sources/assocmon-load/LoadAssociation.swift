import DICOMUpperLayer
import NIOCore

/// A requestor association as the load generator drives it: A-ASSOCIATE-RQ → AC, DIMSE exchanges with one
/// outstanding operation (the default asynchronous operations window 1/1, PS3.7 D.3.3.3), A-RELEASE-RQ → RP.
final class LoadAssociation {
    let connection: PDUConnection
    let accepted: AAssociateAC

    /// The Maximum Length (PS3.8 D.1) the server advertised; 0 = unlimited.
    var serverMaximumLength: UInt32 { accepted.userInformation.maximumLength ?? 0 }

    /// Opens the connection and negotiates; throws unless an A-ASSOCIATE-AC arrives.
    init(port: UInt16, request: AAssociateRQ, timeoutSeconds: Int) throws(LoadError) {
        connection = try PDUConnection(port: port, timeoutSeconds: timeoutSeconds)
        try connection.send(.associateRQ(request))
        let frame = try connection.receiveFrame("waiting for A-ASSOCIATE-AC")
        switch try? frame.decode() {
        case .associateAC(let ac)?: accepted = ac
        case .associateRJ(let rj)?: throw .rejected(rj)
        case .abort(let abort)?: throw .aborted(abort, while: "waiting for A-ASSOCIATE-AC")
        default: throw .unexpectedPDU(frame.type, expected: "A-ASSOCIATE-AC")
        }
        for context in request.presentationContexts {
            guard accepted.presentationContexts.contains(where: { $0.id == context.id && $0.result == .acceptance })
            else { throw .contextNotAccepted(id: context.id, abstractSyntax: context.abstractSyntax) }
        }
    }

    /// A-RELEASE-RQ, then waits for A-RELEASE-RP (PS3.8 §7.2); the socket closes when this object goes.
    func release() throws(LoadError) {
        try connection.send(.releaseRQ(AReleaseRQ()))
        let frame = try connection.receiveFrame("waiting for A-RELEASE-RP")
        switch frame.type {
        case .releaseRP: return
        case .abort: throw connection.abortError(frame, "waiting for A-RELEASE-RP")
        default: throw .unexpectedPDU(frame.type, expected: "A-RELEASE-RP")
        }
    }

    /// One C-ECHO-RQ / C-ECHO-RSP round trip (PS3.7 §9.3.5) on `contextID`; throws unless status is 0x0000.
    func echo(messageID: UInt16, contextID: UInt8) throws(LoadError) {
        let command = CEchoRQ(messageID: messageID).commandSet.encoded()
        var pdu = ByteBufferAllocator().buffer(capacity: 128)
        do {
            try MessageFragmenter(peerMaximumLength: serverMaximumLength)
                .encodeMessage(command: command, dataSet: nil, presentationContextID: contextID, into: &pdu)
        } catch {
            throw .codec("\(error)")
        }
        try connection.send(pdu)
        let response = try connection.receiveCommand("waiting for C-ECHO-RSP")
        try Self.check(response, field: .cEchoRSP, messageID: messageID, name: "C-ECHO-RSP")
    }

    /// Checks command field, message ID being responded to and status 0x0000.
    static func check(_ response: DIMSECommand, field: CommandField, messageID: UInt16,
                      name: String) throws(LoadError) {
        guard response.commandField == field else {
            throw .unexpectedResponse("received command field 0x\(String(response.commandField.rawValue, radix: 16)), expected \(name)")
        }
        guard response.messageIDBeingRespondedTo == messageID else {
            throw .unexpectedResponse("\(name) answers message \(response.messageIDBeingRespondedTo.map(String.init) ?? "none"), expected \(messageID)")
        }
        let status = response.status?.rawValue ?? 0xFFFF
        guard status == 0 else { throw .failureStatus(command: name, status: status) }
    }

    /// A plain A-ASSOCIATE-RQ (PS3.8 §9.3.2) with the given contexts and our Maximum Length.
    static func request(calledAETitle: String, callingAETitle: String,
                        contexts: [PresentationContextRQItem], maximumLength: UInt32) -> AAssociateRQ {
        AAssociateRQ(calledAETitle: calledAETitle, callingAETitle: callingAETitle, presentationContexts: contexts,
                     userInformation: UserInformation(maximumLength: maximumLength,
                                                      implementationClassUID: LoadIdentity.implementationClassUID,
                                                      implementationVersionName: LoadIdentity.versionName))
    }
}

/// Identity the load generator sends in its A-ASSOCIATE-RQ user information (PS3.7 D.3.3.2).
enum LoadIdentity {
    /// Under 2.25 (a UUID-derived root, PS3.5 §B.2), fixed for this tool.
    static let implementationClassUID = "2.25.190383742013982744523860981563429561137"
    static let versionName = "ASSOCMON_LOAD"
    static let verificationContext = PresentationContextRQItem(
        id: 1, abstractSyntax: CEchoRQ.verificationSOPClassUID, transferSyntaxes: ["1.2.840.10008.1.2"])
}
