/// User Identity Negotiation sub-item 0x59 of the A-ASSOCIATE-AC (PS3.7 Annex D.3.3.7.2).
///
/// Sent only when the RQ asked for a positive response; the server response is empty for types 1 and 2
/// and a Kerberos/SAML/JWT response otherwise.
public struct UserIdentityNegotiationAC: Sendable, Equatable, Hashable {
    public var serverResponse: [UInt8]

    public init(serverResponse: [UInt8] = []) {
        self.serverResponse = serverResponse
    }
}
