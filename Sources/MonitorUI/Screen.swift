/// A character-cell surface the views draw into. The curses screen and the in-memory test screen both
/// conform, so every view is testable without a terminal (snapshot tests render into `ScreenBuffer`).
public protocol Screen: AnyObject {
    /// Columns and rows currently available.
    var size: (columns: Int, rows: Int) { get }
}
