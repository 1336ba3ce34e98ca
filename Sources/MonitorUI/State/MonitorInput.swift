import AssociationEvents
import Foundation

/// Everything that can change the front's state. Time only enters through `tick`, so the reducer is pure.
public enum MonitorInput: Sendable, Equatable {
    case event(EngineEvent)
    case key(Key)
    case tick(Date)
    case resize(TerminalSize)
    /// A mouse click at a cell (only with `--mouse`).
    case click(row: Int, column: Int)
    /// SIGTERM / SIGINT / SIGHUP: leave now.
    case terminate(reason: String)
}

/// Columns × rows of the terminal.
public struct TerminalSize: Sendable, Hashable {
    public var columns: Int
    public var rows: Int
    public init(columns: Int, rows: Int) { self.columns = columns; self.rows = rows }

    /// PS: below this the screens do not fit; a notice is shown instead.
    public static let minimum = TerminalSize(columns: 80, rows: 24)

    public var isTooSmall: Bool { columns < Self.minimum.columns || rows < Self.minimum.rows }
}
