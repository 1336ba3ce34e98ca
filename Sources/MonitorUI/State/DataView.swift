import AssociationEvents

/// The Data view: one received message's command set and data set as a tag tree (PS3.5 §7.5 nesting), with
/// sequences and items folded or not, a cursor, and `/` search by keyword or tag.
public struct DataView: Sendable, Equatable {
    /// `KeptMessages.Message.serial` of the message shown.
    public var serial: Int
    /// Indices in `elements` of the sequences and items folded.
    public var folded: Set<Int> = []
    /// Index in `elements` of the entry under the cursor (always a visible one).
    public var cursor = 0
    /// First visible row shown.
    public var top = 0
    /// Search text being typed after `/`; nil when not typing.
    public var searchDraft: String?
    /// The last search, repeated by `n`.
    public var query = ""

    public init(serial: Int) { self.serial = serial }

    /// A sequence (SQ) or an item: what folds.
    static func isFoldable(_ element: MessageElement) -> Bool {
        element.kind == .item || element.vr == "SQ"
    }

    /// Indices of the entries shown: everything below a folded entry (deeper, until the next entry at its level
    /// or above) is hidden.
    func visibleRows(_ elements: [MessageElement]) -> [Int] {
        var rows: [Int] = []
        var hiddenBelow: Int?
        for (index, element) in elements.enumerated() {
            if let level = hiddenBelow {
                if element.depth > level { continue }
                hiddenBelow = nil
            }
            rows.append(index)
            if folded.contains(index) { hiddenBelow = element.depth }
        }
        return rows
    }

    /// Moves the cursor `delta` visible rows, clamped.
    mutating func move(by delta: Int, _ elements: [MessageElement]) {
        let rows = visibleRows(elements)
        guard !rows.isEmpty else { return }
        let current = rows.firstIndex { $0 >= cursor } ?? rows.count - 1
        cursor = rows[max(0, min(rows.count - 1, current + delta))]
    }

    /// Folds (`fold` true), unfolds (false) or toggles (nil) the entry under the cursor, when it folds.
    mutating func setFold(_ fold: Bool?, _ elements: [MessageElement]) {
        guard elements.indices.contains(cursor), Self.isFoldable(elements[cursor]) else { return }
        if fold ?? !folded.contains(cursor) { folded.insert(cursor) } else { folded.remove(cursor) }
    }

    /// Whether `element` matches `query`: its keyword contains it, or its tag does ("0010,0010", "(0010,",
    /// "00100010"), case-insensitively.
    static func matches(_ element: MessageElement, _ query: String) -> Bool {
        let needle = query.lowercased()
        guard !needle.isEmpty else { return false }
        if element.keyword?.lowercased().contains(needle) == true { return true }
        let tag = element.tag.lowercased()
        if tag.contains(needle) { return true }
        let bare = tag.filter { $0.isHexDigit }
        let bareNeedle = needle.filter { $0.isHexDigit }
        return bareNeedle.count == needle.count && bare.contains(bareNeedle)
    }

    /// Moves the cursor to the next entry after it that matches `query` (wrapping), unfolding what hides it.
    /// Returns false when nothing matches.
    mutating func findNext(_ elements: [MessageElement]) -> Bool {
        guard !elements.isEmpty else { return false }
        for step in 1...elements.count {
            let index = (cursor + step) % elements.count
            guard Self.matches(elements[index], query) else { continue }
            var level = elements[index].depth
            for ancestor in stride(from: index - 1, through: 0, by: -1) where elements[ancestor].depth < level {
                folded.remove(ancestor)
                level = elements[ancestor].depth
            }
            cursor = index
            return true
        }
        return false
    }

    /// Keeps `top` so that the cursor's row shows in `height` rows.
    mutating func scrollToCursor(_ elements: [MessageElement], height: Int) {
        let rows = visibleRows(elements)
        let position = rows.firstIndex { $0 >= cursor } ?? 0
        if position < top { top = position }
        if position >= top + height { top = position - height + 1 }
        top = max(0, min(top, max(0, rows.count - height)))
    }
}
