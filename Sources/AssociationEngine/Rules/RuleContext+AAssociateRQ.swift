import DICOMUpperLayer

extension RuleContext {
    /// The facts rules match, taken from a received A-ASSOCIATE-RQ (PS3.8 §9.3.2): AE titles as significant
    /// values, and every proposed abstract syntax.
    public init(rq: AAssociateRQ, peer: String, peerCertificateSubject: String? = nil) {
        self.init(callingAETitle: rq.callingAETitle, calledAETitle: rq.calledAETitle, peer: peer,
                  abstractSyntaxes: rq.presentationContexts.map(\.abstractSyntax),
                  peerCertificateSubject: peerCertificateSubject)
    }
}
