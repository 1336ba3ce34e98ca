import AssociationEvents
/// Names for UIDs (SOP classes, transfer syntaxes, application context) and implementation class UID roots.
/// Injected so the front shows the UID itself when a name is unknown and tests can use a small table.
public struct UIDNaming: Sendable {
    public var name: @Sendable (String) -> String?
    public var toolkit: @Sendable (String) -> String?

    public init(name: @escaping @Sendable (String) -> String?, toolkit: @escaping @Sendable (String) -> String?) {
        self.name = name; self.toolkit = toolkit
    }

    /// No dictionary: every UID is shown as itself.
    public static let none = UIDNaming(name: { _ in nil }, toolkit: { _ in nil })

    /// "CT Image Storage" or the UID when unknown.
    func label(_ uid: String) -> String { name(uid) ?? uid }
}
