/// A rules-file line that does not parse: where (1-based line and column, in characters), what was expected
/// there and what was found. `description` is one line fit for a terminal:
/// `rules.txt:3:8: expected a PS3.8 Table 9-21 triple …, found "1/1/5"`.
public struct RuleParseError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String?
    public var line: Int
    public var column: Int
    public var expected: String
    public var found: String

    public init(file: String? = nil, line: Int, column: Int, expected: String, found: String) {
        self.file = file; self.line = line; self.column = column; self.expected = expected; self.found = found
    }

    public var description: String {
        "\(file ?? "rules"):\(line):\(column): expected \(expected), found \(found)"
    }
}
