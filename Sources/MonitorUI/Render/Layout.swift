import AssociationEvents
/// Where each part of the main screen goes for a terminal size (shared by renderer, reducer and mouse).
public struct Layout: Sendable, Equatable {
    public var size: TerminalSize
    public let statusRow = 0
    public let listHeaderRow = 1
    /// First row of list entries and how many fit.
    public var listTop: Int { 2 }
    public var listHeight: Int
    public var tabBarRow: Int { listTop + listHeight }
    public var detailTop: Int { tabBarRow + 1 }
    public var detailHeight: Int { max(0, hintRow - detailTop) }
    public var hintRow: Int { size.rows - 1 }

    public init(size: TerminalSize) {
        self.size = size
        let available = max(0, size.rows - 4)
        listHeight = max(3, available * 2 / 5)
    }

    /// Column ranges of the tab titles in the tab bar, for mouse clicks.
    public static func tabSpans() -> [(DetailTab, Range<Int>)] {
        var x = 1
        return DetailTab.allCases.map { tab in
            let width = tab.title.count + 4
            defer { x += width + 1 }
            return (tab, x..<(x + width))
        }
    }
}
