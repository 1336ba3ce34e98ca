/// The effects of one action, in order. No action of PS3.8 Tables 9-6 to 9-9 does more than three things (AA-8:
/// send an A-ABORT, issue an A-P-ABORT indication, start ARTIM), so they are held inline: feeding the machine a
/// P-DATA-TF allocates nothing.
public struct AssociationEffects: Sendable, Equatable, Sequence, ExpressibleByArrayLiteral,
    CustomStringConvertible {
    private var e0: AssociationEffect?
    private var e1: AssociationEffect?
    private var e2: AssociationEffect?

    public init(arrayLiteral effects: AssociationEffect...) {
        self.init(list: effects)
    }

    private init(list effects: [AssociationEffect]) {
        precondition(effects.count <= 3, "a PS3.8 action has at most three effects")
        e0 = effects.count > 0 ? effects[0] : nil
        e1 = effects.count > 1 ? effects[1] : nil
        e2 = effects.count > 2 ? effects[2] : nil
    }

    init(_ a: AssociationEffect, _ b: AssociationEffect? = nil, _ c: AssociationEffect? = nil) {
        e0 = a
        e1 = b
        e2 = c
    }

    public var count: Int { (e0 == nil ? 0 : 1) + (e1 == nil ? 0 : 1) + (e2 == nil ? 0 : 1) }

    public var first: AssociationEffect? { e0 }

    public struct Iterator: IteratorProtocol {
        fileprivate var effects: AssociationEffects
        fileprivate var index = 0

        public mutating func next() -> AssociationEffect? {
            defer { index += 1 }
            switch index {
            case 0: return effects.e0
            case 1: return effects.e1
            case 2: return effects.e2
            default: return nil
            }
        }
    }

    public func makeIterator() -> Iterator { Iterator(effects: self) }

    public var description: String { "\(Array(self))" }
}
