import AssociationEvents
import DICOMUpperLayer
import Foundation

/// An A-ASSOCIATE-RQ held in Sta3 with what the engine would answer (PS3.8 §9.2, AE-6 → Sta3).
///
/// A class, not a struct: the request, its published payload and the proposal hold some thirty references between
/// them, and the decision path passes the held request around several times per association, so a value copy
/// cost a retain and a release of each (`perf record` on back-to-back associations). It lives on its
/// connection's event loop and is only changed there (its `forward` object, while it is held).
final class HeldRequest: @unchecked Sendable {
    let rq: AAssociateRQ
    /// The `association-requested` payload as published.
    var published: AssociationRequested
    let proposal: Proposal
    let receivedAt: Date
    /// The request's bytes, when its answers are cached (`AnswerCache`).
    let cacheKey: [UInt8]?
    /// The unedited acceptance of the same request, from the cache, when one was sent before.
    let cachedAcceptance: AnswerCache.CachedAcceptance?

    init(rq: AAssociateRQ, published: AssociationRequested, proposal: Proposal, receivedAt: Date,
         cacheKey: [UInt8]? = nil, cachedAcceptance: AnswerCache.CachedAcceptance? = nil) {
        self.rq = rq
        self.published = published
        self.proposal = proposal
        self.receivedAt = receivedAt
        self.cacheKey = cacheKey
        self.cachedAcceptance = cachedAcceptance
    }
}

/// What an accepted association agreed on (PS3.8 §9.3.3): accepted contexts and the peer's receive limit.
struct NegotiatedAssociation: Sendable {
    struct Context: Sendable {
        var abstractSyntax: String
        var transferSyntax: String
    }

    var callingAETitle: String
    var calledAETitle: String
    /// The peer's Maximum Length (PS3.8 D.1): bound on the PDU-length of every P-DATA-TF we send it; 0 = unlimited.
    var peerMaximumLength: Int
    /// Accepted presentation contexts only, by ID.
    var contexts: [UInt8: Context]

    /// Fragments what we send within the peer's Maximum Length; an advertised 0 ("unlimited") is capped at
    /// 128 KiB like DCMTK.
    var fragmenter: MessageFragmenter
}
