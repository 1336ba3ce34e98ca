/// Admission bookkeeping for the acceptor's transport connections, kept under the engine's lock.
///
/// PS3.8 §9.2 separates a transport connection that has not sent an A-ASSOCIATE-RQ yet (Sta2, and on the DICOM
/// TLS port the handshake before it) from an association that has (Sta3 onwards). They are counted apart, so that
/// silent connections can never starve requests:
/// - **Silent connections** share a pool of `maxPending`. When it is full and another connection arrives, the
///   oldest silent one is closed — the AA-2 "close transport connection" that ARTIM expiry performs in Sta2
///   (PS3.8 Table 9-10, Evt18), only earlier. No PDU is sent: none is defined before a request has arrived.
/// - **Associations** (connections that have sent an A-ASSOCIATE-RQ) are limited by `maxAssociations`; past it a
///   request is answered A-ASSOCIATE-RJ 2/3/2, rejected-transient / service-provider (presentation) /
///   local-limit-exceeded (PS3.8 §9.3.4, Table 9-21), so the requestor knows to retry later.
/// - **Per peer address**, all of a peer's connections count against `maxPerPeer`. A peer at its limit that opens
///   another connection loses its own oldest silent one (it can only crowd out itself); when it has none, the new
///   connection is let in and its request is answered 2/3/2 like the global limit.
struct ConnectionRegistry {
    struct Limits: Sendable, Equatable {
        var maxAssociations: Int
        var maxPending: Int
        var maxPerPeer: Int
    }

    /// Where a connection stands for admission.
    enum Phase: Equatable {
        /// No A-ASSOCIATE-RQ yet: counted in the silent pool.
        case silent
        /// Chosen to be closed; counted nowhere until its close is confirmed or its request arrives first.
        case evicting
        /// Sent an A-ASSOCIATE-RQ that was not refused by a limit.
        case associated
        /// Sent an A-ASSOCIATE-RQ that a limit refused (2/3/2): it only waits for its transport to close.
        case refused
    }

    struct Entry {
        let handle: ConnectionHandle
        let peerAddress: String
        var phase: Phase
    }

    /// A silent connection to close, and the sentence for its `transport-failed` event.
    struct Eviction {
        let id: Int
        let handle: ConnectionHandle
        let reason: String
    }

    /// Which limit refused a request, with the `detail` for its `association-rejected` event.
    struct Refusal: Equatable {
        let detail: String
    }

    let limits: Limits
    private(set) var entries: [Int: Entry] = [:]
    /// Ids of silent connections; ids grow with arrival, so the smallest is the oldest.
    private var silentIDs: Set<Int> = []
    /// Every connection a peer address holds, except those being evicted.
    private var perPeer: [String: Int] = [:]
    /// Associations per peer address (phase `associated`).
    private var associatedPerPeer: [String: Int] = [:]
    private(set) var associatedCount = 0

    init(limits: Limits) {
        self.limits = limits
    }

    var count: Int { entries.count }
    var handles: [ConnectionHandle] { entries.values.map(\.handle) }

    subscript(id: Int) -> ConnectionHandle? { entries[id]?.handle }

    /// Registers a new transport connection (PS3.8 Evt5) as silent; returns the silent connections to close so
    /// that it fits, oldest first.
    mutating func admit(id: Int, handle: ConnectionHandle, peerAddress: String) -> [Eviction] {
        var evictions: [Eviction] = []
        if perPeer[peerAddress, default: 0] >= limits.maxPerPeer,
           let oldest = silentIDs.filter({ entries[$0]?.peerAddress == peerAddress }).min(),
           let eviction = evict(oldest, reason: "closed without an A-ASSOCIATE-RQ: \(peerAddress) opened "
                + "another connection and may hold \(limits.maxPerPeer) (--max-per-peer \(limits.maxPerPeer)); its oldest silent one "
                + "makes room") {
            evictions.append(eviction)
        }
        if silentIDs.count >= limits.maxPending, let oldest = silentIDs.min(),
           let eviction = evict(oldest, reason: "closed without an A-ASSOCIATE-RQ: \(limits.maxPending) "
                + "connections were waiting for one (--max-pending \(limits.maxPending)) and a new connection arrived; this was the "
                + "oldest") {
            evictions.append(eviction)
        }
        entries[id] = Entry(handle: handle, peerAddress: peerAddress, phase: .silent)
        silentIDs.insert(id)
        perPeer[peerAddress, default: 0] += 1
        return evictions
    }

    /// The connection's A-ASSOCIATE-RQ arrived (PS3.8 Evt6 in Sta2): it leaves the silent pool and becomes an
    /// association, or is refused when `maxAssociations` or `maxPerPeer` associations are already open.
    mutating func requestArrived(id: Int) -> Refusal? {
        guard var entry = entries[id], entry.phase == .silent || entry.phase == .evicting else { return nil }
        let peerAddress = entry.peerAddress
        silentIDs.remove(id)
        if entry.phase == .evicting { perPeer[peerAddress, default: 0] += 1 }
        let refusal: Refusal?
        if associatedCount >= limits.maxAssociations {
            refusal = Refusal(detail: "\(associatedCount) associations are open, the most allowed "
                + "(--max-associations \(limits.maxAssociations))")
        } else if associatedPerPeer[peerAddress, default: 0] >= limits.maxPerPeer {
            refusal = Refusal(detail: "\(peerAddress) holds \(associatedPerPeer[peerAddress, default: 0]) "
                + "associations, the most one peer address may (--max-per-peer \(limits.maxPerPeer))")
        } else {
            refusal = nil
        }
        entry.phase = refusal == nil ? .associated : .refused
        entries[id] = entry
        if refusal == nil {
            associatedCount += 1
            associatedPerPeer[peerAddress, default: 0] += 1
        }
        return refusal
    }

    /// Forgets a closed connection.
    mutating func remove(id: Int) {
        guard let entry = entries.removeValue(forKey: id) else { return }
        silentIDs.remove(id)
        if entry.phase != .evicting { Self.decrement(&perPeer, entry.peerAddress) }
        if entry.phase == .associated {
            associatedCount -= 1
            Self.decrement(&associatedPerPeer, entry.peerAddress)
        }
    }

    private mutating func evict(_ id: Int, reason: String) -> Eviction? {
        guard let entry = entries[id] else { return nil }
        silentIDs.remove(id)
        Self.decrement(&perPeer, entry.peerAddress)
        entries[id]?.phase = .evicting
        return Eviction(id: id, handle: entry.handle, reason: reason)
    }

    private static func decrement(_ counts: inout [String: Int], _ key: String) {
        let value = counts[key, default: 0] - 1
        counts[key] = value > 0 ? value : nil
    }
}
