import NIOCore

/// Re-fragments presentation data values relayed from one association to another (tap mode) so that every
/// P-DATA-TF sent respects the *receiving* peer's Maximum Length (PS3.8 D.1: each side limits only what it
/// receives, so the two legs of a relay usually differ).
///
/// Each PDV is handled as it arrives — nothing is buffered across calls, so a data set streams through in
/// fragment-sized pieces whatever its size. A fragment that fits is written as it came, one PDV per PDU; a larger
/// one is cut into pieces of `maximumFragmentLength` (even, PS3.8 Annex E) bytes and only the final piece keeps the
/// "last fragment" bit. The presentation context ID and the command/data-set bit are kept (PS3.8 Annex E.2);
/// reserved bits of the message control header are not repeated (they shall be 0).
public struct PDVRefragmenter: Hashable, Sendable {
    /// The fragment sizes and PDU layout of the receiving leg.
    public let fragmenter: MessageFragmenter

    /// - Parameter peerMaximumLength: the Maximum Length the receiving peer advertised (0 = unlimited, capped at
    ///   128 KiB as in `MessageFragmenter`).
    public init(peerMaximumLength: UInt32) {
        fragmenter = MessageFragmenter(peerMaximumLength: peerMaximumLength, allowsOddLength: true)
    }

    /// The largest fragment one PDV carries on the receiving leg.
    public var maximumFragmentLength: Int { fragmenter.maximumFragmentLength }

    /// P-DATA-TF PDUs a fragment of `length` bytes becomes (an empty fragment still takes one).
    public func pduCount(forFragmentLength length: Int) -> Int { fragmenter.pduCount(forLength: length) }

    /// Appends `pdv` to `buffer` as complete P-DATA-TF PDUs, one PDV each, none longer than the receiving peer
    /// accepts.
    public func append(_ pdv: PresentationDataValue, into buffer: inout ByteBuffer) {
        let header = pdv.messageControlHeader
        let count = pduCount(forFragmentLength: pdv.fragment.readableBytes)
        buffer.reserveCapacity(minimumWritableBytes: pdv.fragment.readableBytes + 12 * count)
        var remaining = pdv.fragment
        repeat {
            let length = min(remaining.readableBytes, maximumFragmentLength)
            let isFinalPiece = length == remaining.readableBytes
            // `readSlice` cannot fail: length <= readableBytes.
            let piece = remaining.readSlice(length: length) ?? ByteBuffer()
            fragmenter.writePDU(fragment: piece, isCommand: header.isCommand,
                                isLast: header.isLastFragment && isFinalPiece,
                                presentationContextID: pdv.presentationContextID, into: &buffer)
        } while remaining.readableBytes > 0
    }

    /// Whether a received P-DATA-TF may be relayed byte for byte instead of PDV by PDV: its PDU-length is within
    /// what the receiving peer accepts (PS3.8 D.1; 0 is no limit), and no PDV sets a reserved bit of its message
    /// control header (PS3.8 E.2: they shall be 0, so they are not passed on). Each PDV then keeps its context ID,
    /// bits and fragment, exactly as `append` would send them, only several PDVs may share one PDU as they arrived
    /// (PS3.8 §9.3.5 allows one or more per PDU). Relaying the received bytes spares copying every fragment.
    public func relaysAsReceived(_ pData: PDataTF, pduLength: Int) -> Bool {
        let limit = fragmenter.peerMaximumLength
        guard limit == 0 || pduLength <= Int(limit) else { return false }
        return !pData.values.contains { $0.messageControlHeader.hasReservedBitsSet }
    }

    /// Appends every PDV of a received P-DATA-TF (PS3.8 §9.3.5), in order.
    public func append(_ pData: PDataTF, into buffer: inout ByteBuffer) {
        for pdv in pData.values { append(pdv, into: &buffer) }
    }
}
