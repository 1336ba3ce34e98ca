/// The symbols the screens draw with: Unicode when the locale's codeset is UTF-8, plain ASCII otherwise.
/// Every Unicode glyph here is one cell wide.
public struct Glyphs: Sendable, Equatable {
    public var waiting: String
    public var connecting: String
    public var established: String
    public var releasing: String
    public var released: String
    public var failed: String
    public var closed: String
    public var arrow: String
    public var received: String
    public var sent: String
    public var ellipsis: String
    public var horizontal: Character
    public var vertical: Character
    public var topLeft: Character
    public var topRight: Character
    public var bottomLeft: Character
    public var bottomRight: Character
    public var pointer: String
    public var bullet: String
    public var notEqual: String
    /// Beside a request marked for a decision on many at once.
    public var mark: String
    /// A tapped association: assocmon relays it to an upstream SCP (the PACS) and back.
    public var tap: String

    public static let unicode = Glyphs(
        waiting: "◆", connecting: "○", established: "●", releasing: "◐", released: "✓", failed: "✗", closed: "·",
        arrow: "→", received: "←", sent: "→", ellipsis: "…", horizontal: "─", vertical: "│", topLeft: "┌",
        topRight: "┐", bottomLeft: "└", bottomRight: "┘", pointer: "▶", bullet: "•", notEqual: "≠", mark: "■", tap: "⇄")

    public static let ascii = Glyphs(
        waiting: "?", connecting: "o", established: "*", releasing: "~", released: "+", failed: "x", closed: ".",
        arrow: ">", received: "<", sent: ">", ellipsis: "~", horizontal: "-", vertical: "|", topLeft: "+",
        topRight: "+", bottomLeft: "+", bottomRight: "+", pointer: ">", bullet: "*", notEqual: "!=", mark: "+", tap: "<>")
}
