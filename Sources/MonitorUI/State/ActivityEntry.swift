import AssociationEvents
import Foundation

/// One line of an association's Activity tab.
public struct ActivityEntry: Sendable, Equatable {
    /// The large payloads are `indirect` (boxed): a DIMSE message is ~180 bytes, and inline every entry, notes
    /// included, would take that much in the thousands of associations the front keeps.
    public enum Kind: Sendable, Equatable {
        indirect case dimse(DIMSEMessage)
        indirect case stored(Stored)
        case releaseRequested
        case released(by: ReleasedBy)
        indirect case aborted(Aborted)
        case note(String)
    }
    public var time: Date
    public var kind: Kind

    public init(time: Date, kind: Kind) { self.time = time; self.kind = kind }
}
