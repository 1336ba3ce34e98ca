/// What a cell *means*; the presenter maps meanings to the terminal's own palette (colour pairs on top of
/// `use_default_colors`), and monochrome mode maps them to attributes only, so state never depends on colour.
public enum ColorRole: Int, Sendable, Hashable, CaseIterable {
    case plain
    case status
    case header
    case waiting
    case connecting
    case established
    case finished
    case rejected
    case aborted
    case warning
    case error
    case hintKey
    case dialog
    case dangerous
    case accent
    case edited

    /// Foreground colour number (curses `COLOR_*`: 0 black … 7 white), or -1 for the terminal default.
    public var foreground: Int16 {
        switch self {
        case .plain, .status, .header, .finished: -1
        case .waiting, .warning, .edited: 3
        case .connecting, .accent, .hintKey, .dialog: 6
        case .established: 2
        case .rejected, .error, .dangerous: 1
        case .aborted: 5
        }
    }

    /// Attributes added in colour mode.
    public var colourAttributes: CellAttributes {
        switch self {
        case .status: [.reverse]
        case .header, .waiting, .hintKey, .dangerous, .error: [.bold]
        case .finished: [.dim]
        default: []
        }
    }

    /// Attributes that carry the meaning when there is no colour (`NO_COLOR`, `--no-color`).
    public var monochromeAttributes: CellAttributes {
        switch self {
        case .status: [.reverse]
        case .header, .waiting, .hintKey, .dangerous, .error: [.bold]
        case .rejected, .aborted, .warning, .edited: [.underline]
        case .finished: [.dim]
        default: []
        }
    }

    /// The role's name in the snapshot style layer.
    var code: String { String(describing: self) }
}
