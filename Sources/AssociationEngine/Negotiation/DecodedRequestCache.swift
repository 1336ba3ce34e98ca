import DICOMUpperLayer
import NIOConcurrencyHelpers
import NIOCore

/// A-ASSOCIATE-RQ PDUs already decoded, by their bytes.
///
/// A modality sends the same request, byte for byte, on every association (see `AnswerCache`); decoding its items
/// and sub-items again each time (PS3.8 §9.3.2) was the largest single step of handling the request in `perf
/// record` of one association after another. The decoded value follows from the bytes alone. A request carrying
/// user identity negotiation is never kept (PS3.7 D.3.3.7: its bytes hold a passcode), and at `capacity` distinct
/// requests the cache starts again, so a peer that varies its request cannot make it grow. The bytes are kept as a
/// copy, never as a slice of a read, which would pin the whole receive buffer.
final class DecodedRequestCache: Sendable {
    static let capacity = 256
    private let requests = NIOLockedValueBox<[ByteBuffer: AAssociateRQ]>([:])

    /// The request these PDU bytes (header included) decode to: remembered, or decoded by `decode` and remembered.
    func request(for raw: ByteBuffer,
                 decode: () throws(UpperLayerError) -> AAssociateRQ) throws(UpperLayerError) -> AAssociateRQ {
        if let known = requests.withLockedValue({ $0[raw] }) { return known }
        let rq = try decode()
        guard rq.userInformation.userIdentityRQ == nil else { return rq }
        let key = ByteBuffer(bytes: raw.readableBytesView)
        requests.withLockedValue { requests in
            if requests.count >= Self.capacity { requests.removeAll(keepingCapacity: true) }
            requests[key] = rq
        }
        return rq
    }

    /// Requests remembered now.
    var count: Int { requests.withLockedValue { $0.count } }
}
