import AssociationEvents
/// One row of the key table: the data from which the reducer, the hint line and the `?` help are all derived.
public struct KeyBinding: Sendable, Hashable {
    public var keys: [Key]
    public var action: Action
    public var context: KeyContext
    /// The sentence in the help overlay.
    public var help: String
    /// The short word in the hint line, or `nil` to keep the binding out of it.
    public var hint: String?
    /// Destructive on a live association or on the program (shown marked in help and hints).
    public var dangerous: Bool

    public init(_ keys: [Key], _ action: Action, _ context: KeyContext, help: String, hint: String? = nil,
                dangerous: Bool = false) {
        self.keys = keys; self.action = action; self.context = context; self.help = help; self.hint = hint
        self.dangerous = dangerous
    }

    /// "a", "j/↓", ...
    public func keyLabel(ascii: Bool) -> String {
        keys.map { ascii ? $0.asciiLabel : $0.label }.joined(separator: "/")
    }
}
