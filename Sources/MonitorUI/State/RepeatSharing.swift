import AssociationEvents

/// Shares values that repeat from one association to the next instead of keeping a copy in each. A modality or
/// router sends the same request again and again: the same presentation contexts, UIDs and findings, byte for
/// byte the same A-ASSOCIATE-RQ, and gets the same A-ASSOCIATE-AC. Each event arrives with its own copies; when a
/// value equals the previous association's, the kept summary points at the previous copy instead (Swift arrays and
/// strings share storage on assignment), which roughly halves what a finished association costs to keep.
struct RepeatSharing: Sendable {
    private var request: AssociationRequested?
    private var accepted: AssociationAccepted?
    private var rawRequest: [UInt8] = []
    private var rawAccept: [UInt8] = []
    private var upstreamRaw: [UInt8]?
    private var sopClassUID: String?

    mutating func share(_ new: inout AssociationRequested) {
        if let last = request {
            Self.share(&new.applicationContextName, last.applicationContextName)
            Self.share(&new.implementationClassUID, last.implementationClassUID)
            Self.share(&new.implementationVersionName, last.implementationVersionName)
            Self.share(&new.implementation, last.implementation)
            Self.share(&new.presentationContexts, last.presentationContexts)
            Self.share(&new.roleSelections, last.roleSelections)
            Self.share(&new.extendedNegotiations, last.extendedNegotiations)
            Self.share(&new.findings, last.findings)
            Self.share(&new.proposal, last.proposal)
        }
        request = new
    }

    mutating func share(_ new: inout AssociationAccepted) {
        if let last = accepted {
            Self.share(&new.presentationContexts, last.presentationContexts)
            Self.share(&new.roleSelections, last.roleSelections)
        }
        accepted = new
    }

    mutating func share(rawRequest new: inout [UInt8]) {
        Self.share(&new, rawRequest)
        rawRequest = new
    }

    mutating func share(rawAccept new: inout [UInt8]) {
        Self.share(&new, rawAccept)
        rawAccept = new
    }

    /// The PACS's A-ASSOCIATE-AC or -RJ as received (tap mode): it answers the same proposal with the same bytes.
    mutating func share(upstreamRaw forward: inout Forward?) {
        guard let raw = forward?.raw else { return }
        if raw == upstreamRaw { forward?.raw = upstreamRaw } else { upstreamRaw = raw }
    }

    mutating func share(_ message: inout DIMSEMessage) {
        Self.share(&message.affectedSOPClassUID, sopClassUID)
        sopClassUID = message.affectedSOPClassUID
    }

    private static func share<Value: Equatable>(_ value: inout Value, _ previous: Value) {
        if value == previous { value = previous }
    }
}
