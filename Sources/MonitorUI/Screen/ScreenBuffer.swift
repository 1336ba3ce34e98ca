/// The whole terminal as a grid of cells. `render(state, size)` fills one; the curses presenter blits it and the
/// snapshot tests compare it as text, so every screen is testable without a terminal.
public struct ScreenBuffer: Sendable, Equatable {
    public let columns: Int
    public let rows: Int
    public private(set) var cells: [Cell]

    public init(columns: Int, rows: Int) {
        self.columns = max(0, columns); self.rows = max(0, rows)
        cells = Array(repeating: .blank, count: self.columns * self.rows)
    }

    public subscript(row: Int, column: Int) -> Cell {
        guard row >= 0, row < rows, column >= 0, column < columns else { return .blank }
        return cells[row * columns + column]
    }

    /// Writes `text` from (`row`, `column`), clipped to `width` (and the screen edge). Characters that could
    /// occupy two cells or move the cursor (wire strings may hold anything) become `?`. Returns the columns used.
    @discardableResult
    public mutating func put(_ text: String, row: Int, column: Int, width: Int? = nil, role: ColorRole = .plain,
                             attributes: CellAttributes = []) -> Int {
        guard row >= 0, row < rows else { return 0 }
        let limit = min(columns, column + (width ?? columns))
        var x = column
        for character in text {
            if x >= limit { break }
            if x >= 0 {
                cells[row * columns + x] = Cell(character: Self.displayable(character), role: role,
                                                attributes: attributes)
            }
            x += 1
        }
        return max(0, x - column)
    }

    /// Fills `width` cells with one character (a blank by default).
    public mutating func fill(row: Int, column: Int, width: Int, character: Character = " ",
                              role: ColorRole = .plain, attributes: CellAttributes = []) {
        guard row >= 0, row < rows, width > 0 else { return }
        for x in max(0, column)..<min(columns, column + width) {
            cells[row * columns + x] = Cell(character: character, role: role, attributes: attributes)
        }
    }

    /// Changes role and attributes of cells without touching their characters (selection bars, highlights).
    public mutating func restyle(row: Int, column: Int, width: Int, role: ColorRole? = nil,
                                 adding attributes: CellAttributes = []) {
        guard row >= 0, row < rows, width > 0 else { return }
        for x in max(0, column)..<min(columns, column + width) {
            if let role { cells[row * columns + x].role = role }
            cells[row * columns + x].attributes.formUnion(attributes)
        }
    }

    /// Monochrome: every role's meaning moves into attributes and colour is dropped.
    mutating func dropColour() {
        for i in cells.indices {
            let role = cells[i].role
            cells[i].attributes.formUnion(role.monochromeAttributes)
            cells[i].role = .plain
        }
    }

    /// Colour mode: the role's own attributes (reverse status line, bold waiting rows) join the cell's.
    mutating func applyColourAttributes() {
        for i in cells.indices { cells[i].attributes.formUnion(cells[i].role.colourAttributes) }
    }

    /// Keeps one cell per column: anything outside printable ASCII, Latin-1 and the glyph blocks we draw
    /// with (arrows, box drawing, geometric shapes, check marks) becomes `?`.
    static func displayable(_ character: Character) -> Character {
        let scalars = character.unicodeScalars
        guard scalars.count == 1, let scalar = scalars.first else { return "?" }
        switch scalar.value {
        case 0x20...0x7E, 0xA0...0xFF, 0x2010...0x2027, 0x2190...0x21FF, 0x2260, 0x2500...0x25FF, 0x2713, 0x2717:
            return character
        default:
            return "?"
        }
    }
}
