import Foundation

/// The upstream of a tapped association answered (or failed to) while the requestor's A-ASSOCIATE-RQ is still
/// held in Sta3, so the front can show the PACS's answer next to the request before anyone decides.
public struct ForwardAnswered: Sendable, Decodable, Equatable {
    public var association: Int
    public var forward: Forward
    public var time: Date
    /// The requestor leg's state (Sta3 while held).
    public var state: AssociationState
    public init(association: Int, forward: Forward, time: Date, state: AssociationState = .sta3) {
        self.association = association; self.forward = forward; self.time = time; self.state = state
    }
}
