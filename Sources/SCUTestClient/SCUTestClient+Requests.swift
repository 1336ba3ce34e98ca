import DICOMUpperLayer
import NIOCore

extension SCUTestClient {
    /// A plain A-ASSOCIATE-RQ: one context per `(id, abstractSyntax, transferSyntaxes)`.
    public static func associateRQ(calling: String = "SCUTEST", called: String = "ASSOCMON",
                                   contexts: [(UInt8, String, [String])] = [(1, "1.2.840.10008.1.1",
                                                                               ["1.2.840.10008.1.2"])],
                                   maxPDULength: UInt32 = 16_384) -> AAssociateRQ {
        AAssociateRQ(calledAETitle: called, callingAETitle: calling,
                     presentationContexts: contexts.map {
                         PresentationContextRQItem(id: $0.0, abstractSyntax: $0.1, transferSyntaxes: $0.2)
                     },
                     userInformation: UserInformation(maximumLength: maxPDULength,
                                                      implementationClassUID: "1.2.3.4.5.6.7",
                                                      implementationVersionName: "SCUTEST"))
    }

    /// Sends `rq` and returns the answer (AC, RJ, ABORT) or what happened instead.
    public func associate(_ rq: AAssociateRQ = SCUTestClient.associateRQ(), unchecked: Bool = false,
                          timeout: Duration = .seconds(5)) async throws -> Received {
        try await send(.associateRQ(rq), unchecked: unchecked)
        return await receive(timeout: timeout)
    }

    /// A C-ECHO-RQ on `contextID` as one P-DATA-TF (command, last fragment).
    public func sendEcho(messageID: UInt16 = 1, contextID: UInt8 = 1) async throws {
        let command = CEchoRQ(messageID: messageID).commandSet.encoded()
        try await send(.dataTF(PDataTF(values: [
            PresentationDataValue(presentationContextID: contextID,
                                  messageControlHeader: .commandLast, fragment: command),
        ])))
    }

    /// Sends A-RELEASE-RQ and waits for the A-RELEASE-RP.
    public func release(timeout: Duration = .seconds(5)) async throws -> Received {
        try await send(.releaseRQ(AReleaseRQ()))
        return await receive(timeout: timeout)
    }
}
