import AssociationEvents
/// A line of the detail pane or an overlay: spans of text with their own roles.
struct StyledLine: Sendable, Equatable {
    struct Span: Sendable, Equatable {
        var text: String
        var role: ColorRole = .plain
        var attributes: CellAttributes = []
    }
    var spans: [Span]
    /// Drawn in reverse video across the whole width (a cursor or selection).
    var highlighted = false

    init(_ spans: [Span], highlighted: Bool = false) { self.spans = spans; self.highlighted = highlighted }
    init(_ text: String, role: ColorRole = .plain, attributes: CellAttributes = []) {
        spans = [Span(text: text, role: role, attributes: attributes)]
    }

    static let empty = StyledLine([])

    /// A "Label           value" row with the label column of the Request tab.
    static func field(_ label: String, _ value: String, role: ColorRole = .plain, width: Int = 21) -> StyledLine {
        StyledLine([Span(text: Format.fit(label, width - 1, ellipsis: "~") + " ", role: .header),
                    Span(text: value, role: role)])
    }
}

extension ScreenBuffer {
    /// Draws a styled line at (`row`, `column`) clipped to `width`.
    mutating func draw(_ line: StyledLine, row: Int, column: Int, width: Int) {
        var x = column
        for span in line.spans {
            let remaining = column + width - x
            if remaining <= 0 { break }
            x += put(span.text, row: row, column: x, width: remaining, role: span.role, attributes: span.attributes)
        }
        if line.highlighted { restyle(row: row, column: column, width: width, adding: .reverse) }
    }
}
