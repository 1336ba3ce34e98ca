import AssociationEngine
import Foundation

/// One line of an association's Activity tab.
public struct ActivityEntry: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case dimse(DIMSEMessage)
        case stored(Stored)
        case releaseRequested
        case released(by: String)
        case aborted(Aborted)
        case note(String)
    }
    public var time: Date
    public var kind: Kind

    public init(time: Date, kind: Kind) { self.time = time; self.kind = kind }
}
