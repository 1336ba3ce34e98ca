import AssociationEvents
import Foundation

/// Everything the engine is configured with; the `assocmon` command line maps onto it one to one.
public struct EngineOptions: Sendable, Equatable {
    /// What to do with a request held in Sta3 when `decisionTimeout` runs out.
    public enum TimeoutAction: String, Sendable, Equatable, CaseIterable {
        /// Reject 2/3/1 (transient, service-provider presentation, temporary congestion): the peer may retry.
        case reject
        case accept
        case abort
    }

    /// Address to listen on (`--bind`).
    public var bindHost: String = "0.0.0.0"
    /// Port to listen on (`--port`); 0 picks a free one, reported in the `listening` event.
    public var port: Int = 11112
    /// Our AE title (`--ae-title`); a request to another called AE title is flagged.
    public var aeTitle: String = "ASSOCMON"
    /// Reject a request to another called AE title with 1/1/7 (`--require-called-ae`).
    public var requireCalledAETitle: Bool = false
    /// ARTIM timer (PS3.8 §9.1.5) for Sta2 and Sta13 (`--artim-timeout`), seconds.
    public var artimTimeout: TimeInterval = 30
    /// How long a request may wait in Sta3 for a decision (`--decision-timeout`), seconds. DCMTK and pynetdicom
    /// requestors give up after 30 s, so the default leaves them 5 s to receive our answer.
    public var decisionTimeout: TimeInterval = 25
    public var onTimeout: TimeoutAction = .reject
    public var policy: Policy = .ask
    /// Ordered rules file (`--rules`), owned by the services helper's `RuleSet`.
    public var rulesFile: String?
    /// Associations (connections that have sent an A-ASSOCIATE-RQ, Sta3 through Sta13) allowed at once; past it,
    /// a request is rejected 2/3/2 at once (`--max-associations`). Silent connections do not count.
    public var maxAssociations: Int = 256
    /// Transport connections that have not sent an A-ASSOCIATE-RQ yet (Sta2, or a TLS handshake) allowed at once;
    /// past it, the oldest of them is closed to make room (`--max-pending`). See `ConnectionRegistry`.
    public var maxPending: Int = 64
    /// Connections one peer IP address may hold at once, silent ones and associations together
    /// (`--max-per-peer`); past it, its oldest silent connection is closed, or its request rejected 2/3/2.
    public var maxPerPeer: Int = 32
    /// Maximum Length we advertise (PS3.8 D.1): the largest P-DATA-TF PDU-length we accept (`--max-pdu`).
    public var maxPDULength: Int = 262_144
    /// Accept SOP classes the UID dictionary does not know, as storage (`--accept-unknown-sop-classes`).
    public var acceptUnknownSOPClasses: Bool = false
    /// Accept, for storage, transfer syntaxes the UID dictionary does not know, stored bit-preserving
    /// (`--accept-unknown-transfer-syntaxes`).
    public var acceptUnknownTransferSyntaxes: Bool = false
    /// Our transfer syntax preference; empty keeps the SCU's order (`--prefer-ts`).
    public var preferredTransferSyntaxes: [String] = []
    /// Where received objects go (`--storage-dir`).
    public var storageDirectory: String = "received"
    /// Count data sets, write nothing (`--no-store`).
    public var noStore: Bool = false
    /// Accept Patient Root and Study Root Query/Retrieve – FIND and Modality Worklist – FIND and answer them
    /// (off with `--no-queries`: those contexts are rejected with result 3, as before).
    public var answersQueries: Bool = true
    /// Modality Worklist items, one Part-10 file each (`--worklist`); nil or a missing folder answers no matches.
    public var worklistDirectory: String?
    /// When stored files are made durable (`--sync`): before the A-RELEASE-RP by default.
    public var storageSync: StorageSyncMode = .release
    /// How long a graceful stop lets running C-STOREs finish before aborting, seconds.
    public var shutdownGrace: TimeInterval = 10
    /// The DICOM TLS listener (PS3.15 Annex B: `--tls-port`, `--tls-cert`, `--tls-key`, `--tls-ca`, `--peer-cert`);
    /// `nil` serves plain TCP only.
    public var tls: TLSOptions?
    /// Serve the TLS port only (`--no-plain`); needs `tls`.
    public var noPlain: Bool = false
    /// Tap mode (`--forward`, `--forward-called-ae`): every association is forwarded to this SCP and relayed,
    /// unless a rules-file `forward` action picks another; `nil` answers associations ourselves.
    public var forward: ForwardTarget?
    /// How long the upstream may take to connect and answer the A-ASSOCIATE-RQ (`--forward-timeout`), seconds:
    /// the ACSE timeout of our requestor leg (PS3.8 leaves it to the implementation; DCMTK's is 30 s).
    public var forwardTimeout: TimeInterval = 10
    /// Tap mode keeps a Part-10 copy of every C-STORE data set relayed, either way, in `storageDirectory` through
    /// the storage writer (`--tap-store`); off, a tapped association stores nothing.
    public var tapStore: Bool = false
    /// DICOM TLS on the upstream leg (`--forward-tls`, `--forward-ca`, `--forward-cert`, `--forward-key`): every
    /// forwarded association, `--forward` or a rules-file target, connects over TLS (PS3.15 Annex B); `nil` is plain
    /// TCP.
    public var forwardTLS: UpstreamTLSOptions?

    /// Events the consumer of `AssociationEngine.events` may fall behind before `dimse` events are counted per
    /// association (one `events-dropped` event) instead of queued; no other event is ever dropped.
    public var eventBacklogLimit: Int = 10_000
    /// Received messages' `dimse` events carry `elements`, their command set and data set prefix as a tag tree
    /// (the front's Data view, `--events-data-sets`); off, nothing is formatted nor queued for them.
    public var listsMessageElements: Bool = true

    public init() {}

    var connectionLimits: ConnectionRegistry.Limits {
        ConnectionRegistry.Limits(maxAssociations: maxAssociations, maxPending: maxPending, maxPerPeer: maxPerPeer)
    }
}
