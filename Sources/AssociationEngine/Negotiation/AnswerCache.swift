import AssociationEvents
import DICOMUpperLayer
import Foundation
import NIOConcurrencyHelpers
import NIOCore

/// What the engine answers to an A-ASSOCIATE-RQ it has already seen, byte for byte.
///
/// A modality sends the same request on every association: the same AE titles, presentation contexts, transfer
/// syntaxes and user information. The request it decodes to (PS3.8 §9.3.2: its items decoded again were the
/// largest single step of handling it), what `ProposalBuilder` would accept of it, and the A-ASSOCIATE-AC that accepts
/// it as proposed follow from those bytes and the engine's options alone, which do not change while it runs
/// (PS3.8 §9.3.3 leaves the answer to the acceptor's own rules). Working both out again for every association —
/// the proposal, the AC built and encoded — took a twentieth of the event loop's time per association (`perf
/// record`, 16 requestors at a time: the request's share went from 18.5 to 13.5 % of the samples); the accepted
/// contexts and the AC's bytes for the event are kept with the AC for the same reason. The decision
/// itself (policy, rules, the person, limits) is never cached, nor an answer with edits, nor a request with user
/// identity negotiation (PS3.7 D.3.3.7: its bytes carry a passcode). At `capacity` distinct requests the cache
/// starts again, so a peer that varies its request cannot make it grow.
final class AnswerCache: Sendable {
    struct Answer: Sendable {
        /// The request the bytes decode to, once the connection's handler decoded them here.
        var request: AAssociateRQ?
        /// What `ProposalBuilder` accepts of it, once worked out.
        var proposal: Proposal?
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

    /// A request's bytes as a dictionary key, hashed in one pass over the bytes (`[UInt8]`'s own `Hashable` feeds
    /// the hasher byte by byte, which for a few hundred bytes per association showed in `perf record`). Looked up
    /// as the PDU's bytes where the read holds them, or as the event's copy, without building either from the other.
    private struct RequestBytes: Hashable {
        enum Storage {
            case array([UInt8])
            case buffer(ByteBuffer)
        }

        let storage: Storage

        func withBytes<Result>(_ body: (UnsafeRawBufferPointer) -> Result) -> Result {
            switch storage {
            case .array(let bytes): bytes.withUnsafeBytes(body)
            case .buffer(let buffer): buffer.withUnsafeReadableBytes(body)
            }
        }

        func hash(into hasher: inout Hasher) {
            withBytes { hasher.combine(bytes: $0) }
        }

        static func == (lhs: Self, rhs: Self) -> Bool {
            lhs.withBytes { left in
                rhs.withBytes { right in
                    left.count == right.count
                        && (left.isEmpty || memcmp(left.baseAddress!, right.baseAddress!, left.count) == 0)
                }
            }
        }
    }

    /// The request's bytes as a cache key; nil for a request that is not cached.
    static func key(for rq: AAssociateRQ, raw: [UInt8]) -> [UInt8]? {
        raw.isEmpty || rq.userInformation.userIdentityRQ != nil ? nil : raw
    }

    /// The request these A-ASSOCIATE-RQ bytes (header included) decode to: remembered, or decoded by `decode` and
    /// remembered unless it carries user identity. The bytes are kept as a copy, never as the slice of a read
    /// (which would pin the whole receive buffer).
    func request(for raw: ByteBuffer,
                 decode: () throws(UpperLayerError) -> AAssociateRQ) throws(UpperLayerError) -> AAssociateRQ {
        if let known = answers.withLockedValue({ $0[RequestBytes(storage: .buffer(raw))]?.request }) { return known }
        let rq = try decode()
        guard rq.userInformation.userIdentityRQ == nil else { return rq }
        let key = RequestBytes(storage: .array(Array(raw.readableBytesView)))
        update(key) { $0.request = rq }
        return rq
    }

    /// What is known for the request with these bytes, its proposal computed by `make` the first time.
    func answer(for key: [UInt8], make: () -> Proposal) -> Answer {
        let key = RequestBytes(storage: .array(key))
        if let known = answers.withLockedValue({ $0[key] }), known.proposal != nil { return known }
        let proposal = make()
        return update(key) { answer in
            if answer.proposal == nil { answer.proposal = proposal }
        }
    }

    /// The unedited acceptance of the request with these bytes, if one was remembered.
    func acceptance(for key: [UInt8]) -> CachedAcceptance? {
        answers.withLockedValue { $0[RequestBytes(storage: .array(key))]?.acceptance }
    }

    /// Remembers the unedited acceptance of a request whose proposal is cached.
    func remember(_ acceptance: CachedAcceptance, for key: [UInt8]) {
        answers.withLockedValue { $0[RequestBytes(storage: .array(key))]?.acceptance = acceptance }
    }

    /// Changes (or starts) the entry for `key`; a new entry at `capacity` entries starts the cache again.
    @discardableResult
    private func update(_ key: RequestBytes, _ change: (inout Answer) -> Void) -> Answer {
        answers.withLockedValue { answers in
            if answers[key] == nil, answers.count >= Self.capacity { answers.removeAll(keepingCapacity: true) }
            var answer = answers[key] ?? Answer()
            change(&answer)
            answers[key] = answer
            return answer
        }
    }

    /// Requests remembered (tests).
    var count: Int { answers.withLockedValue { $0.count } }
}
