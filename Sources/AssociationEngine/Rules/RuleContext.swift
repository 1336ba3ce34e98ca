/// The facts about one A-ASSOCIATE-RQ that rules can match.
public struct RuleContext: Sendable, Equatable {
    /// Calling AE Title (need not be trimmed: matching trims).
    public var callingAETitle: String
    /// Called AE Title.
    public var calledAETitle: String
    /// The peer as the engine prints it: `127.0.0.1:50312`, `[::1]:50312` or a bare address.
    public var peer: String
    /// The abstract syntax of every proposed presentation context.
    public var abstractSyntaxes: [String]
    /// The TLS peer certificate's subject, `nil` on plain TCP or without a client certificate.
    public var peerCertificateSubject: String?

    public init(callingAETitle: String, calledAETitle: String, peer: String, abstractSyntaxes: [String] = [],
                peerCertificateSubject: String? = nil) {
        self.callingAETitle = callingAETitle; self.calledAETitle = calledAETitle; self.peer = peer
        self.abstractSyntaxes = abstractSyntaxes; self.peerCertificateSubject = peerCertificateSubject
    }
}
