import AssociationEvents
/// A yes/no question before something destructive; the focus starts on Cancel.
public struct ConfirmDialog: Sendable, Equatable {
    public enum Purpose: Sendable, Equatable {
        /// A-ABORT the association (PS3.8 §7.3.1, AA-1).
        case abort(association: Int)
        case quit
    }
    public var purpose: Purpose
    /// `false`: Cancel has the focus.
    public var actionFocused = false

    public init(purpose: Purpose) { self.purpose = purpose }
}

/// What covers the main screen.
public enum Overlay: Sendable, Equatable {
    case help(scroll: Int)
    case reject(RejectDialog)
    case confirm(ConfirmDialog)
}
