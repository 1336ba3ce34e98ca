import AssociationEvents
import DICOMUpperLayer
import Foundation

/// An A-ASSOCIATE-RQ held in Sta3 with what the engine would answer (PS3.8 §9.2, AE-6 → Sta3).
struct HeldRequest: Sendable {
    var rq: AAssociateRQ
    /// The `association-requested` payload as published.
    var published: AssociationRequested
    var proposal: Proposal
    var receivedAt: Date
    /// The request's bytes, when its answers are cached (`AnswerCache`).
    var cacheKey: [UInt8]? = nil
    /// The unedited acceptance of the same request, from the cache, when one was sent before.
    var cachedAcceptance: AnswerCache.CachedAcceptance? = nil
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
