import AssociationEvents
import Foundation

/// The whole state of the front. A value: `reduce` returns a new one, `render` draws it.
public struct MonitorState: Sendable {
    public var now: Date
    public var size: TerminalSize
    public var timeZone: TimeZone
    public var naming: UIDNaming
    public var glyphs: Glyphs
    public var monochrome: Bool
    public var mouse: Bool

    /// Our own AE title and endpoints, from the engine's `listening` events.
    public var aeTitle: String = ""
    public var listening: [Listening] = []
    public var policy: Policy = .ask
    public var stopping: String?

    public var associations: [Int: AssociationSummary] = [:]
    /// Association ids in arrival order.
    public var order: [Int] = []
    /// Each association's phase, kept beside the summaries so that ordering and counting thousands of rows
    /// per frame does not copy every summary.
    public internal(set) var phases: [Int: Phase] = [:]
    /// Finished associations kept (at most `history.limit`, `--history`) and how many were dropped.
    public var history = FinishedHistory()
    /// Values repeated from the previous association, shared rather than copied into each summary.
    var sharing = RepeatSharing()

    public var selected: Int?
    /// Waiting requests marked for one decision (`m`, `M`); a request leaves the set when it stops waiting.
    public var marked: Set<Int> = []
    public var listTop = 0
    public var focus: Pane = .list
    public var tab: DetailTab = .request
    public var detailScroll = 0
    public var contextCursor = 0
    /// The Contexts tab lists contexts grouped by outcome (accepted first, then each rejection result).
    public var contextsGrouped = false
    public var overlay: Overlay?
    public var filter = ""
    /// Text being typed after `/`; `nil` when not editing.
    public var filterDraft: String?
    public var follow = true
    public var message: StatusMessage?
    /// Set when the front should end (after `q`, Ctrl-C, a signal).
    public var exitRequested = false

    public init(now: Date, size: TerminalSize, timeZone: TimeZone = .current, naming: UIDNaming = .none,
                glyphs: Glyphs = .unicode, monochrome: Bool = false, mouse: Bool = false) {
        self.now = now; self.size = size; self.timeZone = timeZone; self.naming = naming; self.glyphs = glyphs
        self.monochrome = monochrome; self.mouse = mouse
    }

    public var selectedSummary: AssociationSummary? { selected.flatMap { associations[$0] } }

    /// Counts for the status line.
    public var counts: (connecting: Int, waiting: Int, live: Int, finished: Int) {
        var c = (0, 0, 0, 0)
        for phase in phases.values {
            switch phase {
            case .connecting: c.0 += 1
            case .waiting: c.1 += 1
            case .established, .releasing: c.2 += 1
            default: c.3 += 1
            }
        }
        return c
    }

    /// The list pane's rows, top to bottom: requests waiting for a decision (oldest first, the most urgent),
    /// then open connections and established associations (arrival order), then finished ones (newest first).
    public var visibleIDs: [Int] {
        var waiting: [Int] = [], live: [Int] = [], finished: [Int] = []
        for id in order {
            guard let phase = phases[id] else { continue }
            if !filter.isEmpty, associations[id]?.matches(filter: filter) != true { continue }
            switch phase {
            case .waiting: waiting.append(id)
            case .connecting, .established, .releasing: live.append(id)
            default: finished.append(id)
            }
        }
        return waiting + live + finished.reversed()
    }

    /// The key contexts in force, innermost first.
    public var keyContexts: [KeyContext] {
        switch overlay {
        case .help: return [.help]
        case .reject: return [.rejectDialog]
        case .confirm: return [.confirm]
        case nil: break
        }
        if filterDraft != nil { return [.filter] }
        if focus == .detail, tab == .contexts, selectedSummary?.phase == .waiting { return [.contexts, .main] }
        return [.main]
    }
}
