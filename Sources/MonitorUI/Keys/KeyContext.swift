import AssociationEvents
/// Where a key binding applies. Keys are looked up in the innermost active context first
/// (e.g. the Contexts tab before the main screen); within one context a key has exactly one action.
public enum KeyContext: String, Sendable, Hashable, CaseIterable {
    case main = "Main screen"
    case contexts = "Contexts tab (detail pane focused)"
    case rejectDialog = "Reject dialog"
    case confirm = "Confirmation"
    case filter = "Filter input"
    case help = "Help"
}
