/// Text attributes of one cell, independent of curses so the renderer stays pure and testable.
public struct CellAttributes: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let bold = CellAttributes(rawValue: 1 << 0)
    public static let reverse = CellAttributes(rawValue: 1 << 1)
    public static let underline = CellAttributes(rawValue: 1 << 2)
    public static let dim = CellAttributes(rawValue: 1 << 3)

    /// "bold+reverse" — used by the snapshot style layer.
    var label: String {
        var parts: [String] = []
        if contains(.bold) { parts.append("bold") }
        if contains(.reverse) { parts.append("reverse") }
        if contains(.underline) { parts.append("underline") }
        if contains(.dim) { parts.append("dim") }
        return parts.joined(separator: "+")
    }
}
