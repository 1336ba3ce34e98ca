import DICOMUpperLayer
import NIOCore

/// Where a `RequestorChannelHandler` driving the upstream leg of a tapped association sends what the upstream SCP
/// does, instead of answering it itself: the association's `TapRelay`, on the same event loop.
///
/// The requestor role of the PS3.8 §9.2 machine stays in `RequestorChannelHandler`; the relay only receives its
/// indications (the A-ASSOCIATE confirmation, P-DATA, A-RELEASE, A-ABORT) and the channel's writability, so that
/// each leg can stop reading while the other cannot take more (back-pressure across the relay).
protocol UpstreamRelay: AnyObject {
    /// The A-ASSOCIATE-AC (AE-3) or A-ASSOCIATE-RJ (AE-4) of the upstream.
    func upstreamAnswered(_ answer: UpstreamAssociateAnswer)
    /// A P-DATA-TF from the upstream (DT-2, or AR-6 in Sta7), with its bytes as received when known.
    func upstreamData(_ pData: PDataTF, asReceived raw: ByteBuffer?)
    /// The upstream asked to release (AR-2, Sta8), or both did at once (AR-8, Sta9).
    func upstreamReleaseRequested()
    /// The upstream's A-RELEASE-RP arrived (AR-3).
    func upstreamReleaseConfirmed()
    /// The upstream aborted (AA-3, the A-ABORT received) or the leg was lost (AA-4 / AA-8; `nil` when the
    /// connection just closed).
    func upstreamAborted(_ abort: AAbort?, detail: String)
    /// A read of the upstream leg is complete: flush what was relayed to the requestor and publish its events.
    func upstreamReadComplete()
    /// The upstream channel's writability changed: stop or resume reading the requestor leg.
    func upstreamWritabilityChanged(isWritable: Bool)
}

/// The upstream's answer to the relayed A-ASSOCIATE-RQ (PS3.8 §9.3.3, §9.3.4), with its PDU as received (header
/// included) for the Raw tab; `nil` only if the answer did not come from a framed PDU.
enum UpstreamAssociateAnswer {
    case accepted(AAssociateAC, raw: [UInt8]?)
    case rejected(AAssociateRJ, raw: [UInt8]?)
}
