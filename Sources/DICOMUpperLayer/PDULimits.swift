/// Largest PDU-length values the framer accepts, checked from the 6-byte header before buffering anything.
///
/// PS3.8 bounds only P-DATA-TF (by the Maximum Length we advertise, Annex D.1); association PDUs are not
/// bounded by it, so they get their own cap, 1 MiB by default as DCMTK uses.
/// RJ, RELEASE-RQ/RP and ABORT are always exactly 4 regardless of these limits.
public struct PDULimits: Sendable, Equatable {
    /// Cap on an A-ASSOCIATE-RQ PDU-length (default 1 MiB).
    public var maxAssociateRQLength: UInt32
    /// Cap on a P-DATA-TF PDU-length: our advertised Maximum Length (PS3.8 D.1).
    public var maxDataTFLength: UInt32
    /// Cap on any other variable-length PDU, i.e. the A-ASSOCIATE-AC a requestor receives (default 1 MiB).
    public var maxOtherLength: UInt32

    public static let defaultMaxAssociateRQLength: UInt32 = 1 << 20

    public init(maxAssociateRQLength: UInt32 = PDULimits.defaultMaxAssociateRQLength,
                maxDataTFLength: UInt32 = 16_384,
                maxOtherLength: UInt32 = PDULimits.defaultMaxAssociateRQLength) {
        self.maxAssociateRQLength = maxAssociateRQLength
        self.maxDataTFLength = maxDataTFLength
        self.maxOtherLength = maxOtherLength
    }

    /// No cap beyond the 32-bit field; for decoding bytes that are already in memory.
    public static let unlimited = PDULimits(maxAssociateRQLength: .max, maxDataTFLength: .max, maxOtherLength: .max)

    /// The cap that applies to `type`.
    public func limit(for type: PDUType) -> UInt32 {
        switch type {
        case .associateRQ: maxAssociateRQLength
        case .dataTF: maxDataTFLength
        case .associateAC: maxOtherLength
        case .associateRJ, .releaseRQ, .releaseRP, .abort: 4
        }
    }
}
