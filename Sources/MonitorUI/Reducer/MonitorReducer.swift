import AssociationEvents
import Foundation

/// The pure core: `reduce(state, input) -> (state, commands)`. Engine events, keys, clock ticks and resizes go
/// in; the new state and the commands for the engine come out. No clock, no terminal, no I/O inside.
public enum MonitorReducer {
    public static func reduce(_ state: consuming MonitorState, _ input: MonitorInput) -> (MonitorState, [EngineCommand]) {
        var next = state
        let commands = reduce(into: &next, input)
        return (next, commands)
    }

    /// The same, in place: the presenter keeps one state and never copies its association table.
    public static func reduce(into next: inout MonitorState, _ input: MonitorInput) -> [EngineCommand] {
        var commands: [EngineCommand] = []
        switch input {
        case .event(let event):
            next.apply(event)
        case .key(let key):
            commands = next.handle(key: key)
            next.normalizeSelection()
        case .tick(let time):
            next.tick(time)
        case .resize(let size):
            next.size = size
            next.normalizeSelection()
        case .click(let row, let column):
            next.click(row: row, column: column)
            next.normalizeSelection()
        case .terminate(let reason):
            next.message = StatusMessage(text: "leaving: \(reason)", isError: false, time: next.now)
            next.exitRequested = true
            commands = [.shutdown]
        }
        return commands
    }
}

/// `MonitorReducer.reduce` as a free function.
public func reduce(_ state: consuming MonitorState, _ input: MonitorInput) -> (MonitorState, [EngineCommand]) {
    MonitorReducer.reduce(state, input)
}
