import AssociationEvents
import Foundation

/// A one-line notice shown in the hint line for a few seconds (errors stay until the next key).
public struct StatusMessage: Sendable, Equatable {
    public var text: String
    public var isError: Bool
    public var time: Date
    public init(text: String, isError: Bool, time: Date) { self.text = text; self.isError = isError; self.time = time }

    static let lifetime: TimeInterval = 6
}
