extension ScreenBuffer {
    /// The characters, one line per row, trailing blanks trimmed.
    public var text: String {
        (0..<rows).map { row in line(row) }.joined(separator: "\n")
    }

    /// One row's characters, trailing blanks trimmed.
    public func line(_ row: Int) -> String {
        var s = String((0..<columns).map { self[row, $0].character })
        while s.last == " " { s.removeLast() }
        return s
    }

    /// The style layer: for each row, its runs of non-plain cells as `row col-col role[+attributes]`.
    /// Enough to tell colour from monochrome and to see highlights, compact enough to read in a diff.
    public var styleRuns: String {
        var out: [String] = []
        for row in 0..<rows {
            var x = 0
            while x < columns {
                let cell = self[row, x]
                var end = x
                while end + 1 < columns, self[row, end + 1].role == cell.role,
                      self[row, end + 1].attributes == cell.attributes { end += 1 }
                if cell.role != .plain || !cell.attributes.isEmpty {
                    let attrs = cell.attributes.isEmpty ? "" : "+" + cell.attributes.label
                    out.append("\(row) \(x)-\(end) \(cell.role.code)\(attrs)")
                }
                x = end + 1
            }
        }
        return out.joined(separator: "\n")
    }
}
