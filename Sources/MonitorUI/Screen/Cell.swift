/// One character cell of the in-memory screen.
public struct Cell: Sendable, Hashable {
    public var character: Character
    public var role: ColorRole
    public var attributes: CellAttributes

    public init(character: Character = " ", role: ColorRole = .plain, attributes: CellAttributes = []) {
        self.character = character; self.role = role; self.attributes = attributes
    }

    public static let blank = Cell()
}
