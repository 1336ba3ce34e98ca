import AssociationEvents
/// The tabs of the detail pane.
public enum DetailTab: Int, Sendable, Hashable, CaseIterable {
    case request, contexts, activity, raw

    public var title: String {
        switch self {
        case .request: "Request"
        case .contexts: "Contexts"
        case .activity: "Activity"
        case .raw: "Raw"
        }
    }
}

/// Which pane receives movement keys.
public enum Pane: Sendable, Hashable {
    case list, detail
}
