import AssociationEvents
import DICOMUpperLayer
import NIOConcurrencyHelpers
import NIOCore

/// What the engine answers to an A-ASSOCIATE-RQ it has already seen, byte for byte.
///
/// A modality sends the same request on every association: the same AE titles, presentation contexts, transfer
/// syntaxes and user information. What `ProposalBuilder` would accept of it, and the A-ASSOCIATE-AC that accepts
/// it as proposed, follow from those bytes and the engine's options alone, which do not change while it runs
/// (PS3.8 §9.3.3 leaves the answer to the acceptor's own rules). Working both out again for every association —
/// the proposal, the AC built and encoded — took a twentieth of the event loop's time per association (`perf
/// record`, 16 requestors at a time: the request's share went from 18.5 to 13.5 % of the samples); the accepted
/// contexts and the AC's bytes for the event are kept with the AC for the same reason. The decision
/// itself (policy, rules, the person, limits) is never cached, nor an answer with edits, nor a request with user
/// identity negotiation (PS3.7 D.3.3.7: its bytes carry a passcode). At `capacity` distinct requests the cache
/// starts again, so a peer that varies its request cannot make it grow.
final class AnswerCache: Sendable {
    struct Answer: Sendable {
        var proposal: Proposal
        /// The A-ASSOCIATE-AC that accepts the proposal unedited and its encoding, once one was sent.
        var acceptance: CachedAcceptance?
    }

    struct CachedAcceptance: Sendable {
        var ac: AAssociateAC
        var encoded: ByteBuffer
        /// What the association agrees on when accepted so (the accepted contexts, the peer's maximum length).
        var negotiated: NegotiatedAssociation?
        /// `encoded` as the `association-accepted` event carries it.
        var raw: [UInt8]

        init(ac: AAssociateAC, encoded: ByteBuffer, negotiated: NegotiatedAssociation? = nil) {
            self.ac = ac
            self.encoded = encoded
            self.negotiated = negotiated
            self.raw = Array(encoded.readableBytesView)
        }
    }

    /// Distinct requests remembered at most.
    static let capacity = 256
    private let answers = NIOLockedValueBox<[RequestBytes: Answer]>([:])

    /// A request's bytes as a dictionary key, hashed in one pass over the bytes: `[UInt8]`'s own `Hashable` feeds
    /// the hasher byte by byte, which for a few hundred bytes per association showed in `perf record`.
    private struct RequestBytes: Hashable {
        let bytes: [UInt8]
        func hash(into hasher: inout Hasher) {
            bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
        }
    }

    /// The request's bytes as a cache key; nil for a request that is not cached.
    static func key(for rq: AAssociateRQ, raw: [UInt8]) -> [UInt8]? {
        raw.isEmpty || rq.userInformation.userIdentityRQ != nil ? nil : raw
    }

    /// What is known for the request with these bytes; its proposal computed by `make` the first time.
    func answer(for key: [UInt8], make: () -> Proposal) -> Answer {
        let key = RequestBytes(bytes: key)
        if let known = answers.withLockedValue({ $0[key] }) { return known }
        let answer = Answer(proposal: make())
        answers.withLockedValue { answers in
            if answers.count >= Self.capacity { answers.removeAll(keepingCapacity: true) }
            if answers[key] == nil { answers[key] = answer }
        }
        return answer
    }

    /// The unedited acceptance of the request with these bytes, if one was remembered.
    func acceptance(for key: [UInt8]) -> CachedAcceptance? {
        answers.withLockedValue { $0[RequestBytes(bytes: key)]?.acceptance }
    }

    /// Remembers the unedited acceptance of a request whose proposal is cached.
    func remember(_ acceptance: CachedAcceptance, for key: [UInt8]) {
        answers.withLockedValue { $0[RequestBytes(bytes: key)]?.acceptance = acceptance }
    }

    /// Requests remembered (tests).
    var count: Int { answers.withLockedValue { $0.count } }
}
