/// Keeps a large optional value on the heap behind one reference (none while it is `nil`), so the struct holding
/// it stays small. The front keeps thousands of `AssociationSummary` values in a dictionary, whose every slot (used
/// or not) is as wide as the struct; an inline `AssociationRequested` made each slot ~800 bytes.
///
/// The box is immutable: setting the value replaces it, so copies never share a mutation.
@propertyWrapper
public struct Boxed<Wrapped: Sendable & Equatable>: Sendable, Equatable {
    private final class Storage: Sendable {
        let value: Wrapped
        init(_ value: Wrapped) { self.value = value }
    }

    private var storage: Storage?

    public init(wrappedValue: Wrapped?) {
        storage = wrappedValue.map(Storage.init)
    }

    public init() {
        storage = nil
    }

    public var wrappedValue: Wrapped? {
        get { storage?.value }
        set { storage = newValue.map(Storage.init) }
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.storage === rhs.storage || lhs.storage?.value == rhs.storage?.value
    }
}
