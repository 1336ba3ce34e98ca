import AssociationEvents
import Foundation

/// The pure renderer: `render(state, size) -> ScreenBuffer`. Draws only what is visible (the list's visible
/// rows, the detail pane's visible lines), so thousands of finished associations cost nothing per frame.
public enum MonitorRenderer {
    public static func render(_ state: MonitorState, size: TerminalSize) -> ScreenBuffer {
        var painter = Painter(state: state, size: size)
        if size.isTooSmall {
            painter.drawTooSmall()
        } else {
            painter.drawStatusLine()
            painter.drawList()
            painter.drawDetail()
            painter.drawHintLine()
            switch state.overlay {
            case .help(let scroll): painter.drawHelp(scroll: scroll)
            case .reject(let dialog): painter.drawReject(dialog)
            case .confirm(let dialog): painter.drawConfirm(dialog)
            case nil: break
            }
        }
        if state.monochrome { painter.buffer.dropColour() } else { painter.buffer.applyColourAttributes() }
        return painter.buffer
    }
}

/// `MonitorRenderer.render` as a free function.
public func render(_ state: MonitorState, _ size: TerminalSize) -> ScreenBuffer {
    MonitorRenderer.render(state, size: size)
}

/// The renderer's working state for one frame.
struct Painter {
    let state: MonitorState
    let size: TerminalSize
    let layout: Layout
    let g: Glyphs
    var buffer: ScreenBuffer

    init(state: MonitorState, size: TerminalSize) {
        self.state = state; self.size = size; layout = Layout(size: size); g = state.glyphs
        buffer = ScreenBuffer(columns: size.columns, rows: size.rows)
    }

    func fit(_ text: String, _ width: Int, right: Bool = false) -> String {
        Format.fit(text, width, ellipsis: g.ellipsis, right: right)
    }

    func clock(_ date: Date) -> String { Format.clock(date, state.timeZone) }

    /// Below 80×24 nothing else fits: say so, and what is still going on.
    mutating func drawTooSmall() {
        let counts = state.counts
        let lines = [
            "Terminal too small: \(size.columns)x\(size.rows)",
            "assocmon needs at least \(TerminalSize.minimum.columns)x\(TerminalSize.minimum.rows).",
            "\(counts.waiting) waiting, \(counts.live) established",
            "Enlarge the window, or press q to quit.",
        ]
        let top = max(0, (size.rows - lines.count) / 2)
        for (i, line) in lines.enumerated() {
            let x = max(0, (size.columns - line.count) / 2)
            buffer.put(line, row: top + i, column: x, role: i == 0 ? .warning : .plain,
                       attributes: i == 0 ? [.bold] : [])
        }
    }
}
