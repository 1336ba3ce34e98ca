import AssociationEvents
import Foundation
import MonitorUI

/// The curses front's own cost, without a terminal: the reducer fed the events of C-ECHO associations as the
/// engine publishes them, and the pure renderer drawing a frame of a list that holds 10,000 finished associations
/// (the default `--history`). What a terminal write costs on top depends on the terminal; the curses layer only
/// sends the cells that changed.
enum FrontBenchmark {
    struct Figures {
        /// Reducing the 8 events of one association, median run.
        var reduce: Benchmark.Result
        /// One frame, per terminal size and tab.
        var frames: [Benchmark.Result]
        var rows: Int
    }

    static let start = Date(timeIntervalSince1970: 1_795_615_200)

    /// A front state after `associations` C-ECHO associations, each opened, requested, accepted, echoed and
    /// released, one every 6 ms (10,000 per minute).
    static func state(associations: Int, size: TerminalSize) -> MonitorState {
        var state = MonitorState(now: start, size: size, timeZone: TimeZone(identifier: "UTC") ?? .current,
                                 naming: .standard)
        state.history.limit = associations
        _ = MonitorReducer.reduce(into: &state, .event(.listening(Listening(
            addresses: ["0.0.0.0:11112"], aeTitle: "ASSOCMON", policy: .accept, tls: false, time: start))))
        for id in 1...associations {
            for event in EventLinesBenchmark.events(association: id, at: start.addingTimeInterval(Double(id) * 0.006)) {
                _ = MonitorReducer.reduce(into: &state, .event(event))
            }
        }
        return state
    }

    static func run(associations: Int, warmup: Int, iterations: Int) -> Figures {
        let perRun = min(associations, 2_000)
        let eventsPerAssociation = EventLinesBenchmark.events().count
        let batches = (0..<perRun).map { id in
            EventLinesBenchmark.events(association: id + 1, at: start.addingTimeInterval(Double(id) * 0.006))
        }
        let reduce = Benchmark(name: "front reducer, C-ECHO association (\(eventsPerAssociation) events)",
                               bytesPerRun: 0, operationsPerRun: perRun, warmup: warmup, iterations: iterations)
            .run {
                var state = MonitorState(now: start, size: TerminalSize(columns: 132, rows: 43),
                                         timeZone: TimeZone(identifier: "UTC") ?? .current, naming: .standard)
                for batch in batches {
                    for event in batch { _ = MonitorReducer.reduce(into: &state, .event(event)) }
                }
                return state.associations.count
            }

        var frames: [Benchmark.Result] = []
        let sizes = [TerminalSize(columns: 80, rows: 24), TerminalSize(columns: 132, rows: 43),
                     TerminalSize(columns: 240, rows: 67)]
        var rows = 0
        for size in sizes {
            var state = state(associations: associations, size: size)
            rows = state.visibleIDs.count
            for tab in [DetailTab.request, .activity] {
                state.tab = tab
                let framesPerRun = 100
                frames.append(Benchmark(
                    name: "front frame, \(rows) rows, \(size.columns)×\(size.rows), \(tab.title)",
                    bytesPerRun: 0, operationsPerRun: framesPerRun, warmup: warmup, iterations: iterations)
                    .run {
                        var total = 0
                        for _ in 0..<framesPerRun {
                            total &+= MonitorRenderer.render(state, size: size).cells.count
                        }
                        return total
                    })
            }
        }
        return Figures(reduce: reduce, frames: frames, rows: rows)
    }
}
