import AssociationEvents
import CNCurses
import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The thin presenter: the one thread that owns curses. It polls keys with a short timeout, drains the inbox
/// of engine events, runs the pure reducer, hands commands to the engine, and draws the pure renderer's buffer
/// when it changed (`FramePacer`: within a thirtieth of a second of a key, at most ten frames a second for engine
/// activity; `werase` + `wnoutrefresh` + one `doupdate`, never `clear`).
public final class CursesMonitor: @unchecked Sendable {
    private let options: MonitorOptions
    private let send: @Sendable (EngineCommand) -> Void
    private let inbox = MonitorInbox()

    /// - Parameter send: called on the curses thread for each command; must not block (the engine queues it).
    public init(options: MonitorOptions, send: @escaping @Sendable (EngineCommand) -> Void) {
        self.options = options; self.send = send
    }

    /// Thread-safe: hand an engine event to the front.
    public func post(_ event: EngineEvent) { inbox.append(.event(event)) }

    /// Thread-safe: waits while more than `limit` posted inputs are not yet taken by the curses thread, and
    /// returns at once when the front has ended. Whoever posts engine events calls it, so that a front that stops
    /// drawing (a stalled terminal) holds the events back in the engine, whose queue has a ceiling, instead of
    /// letting this inbox grow.
    public func waitForRoom(limit: Int) async {
        while inbox.count > limit, !inbox.hasEnded {
            try? await Task.sleep(for: .milliseconds(5))
        }
    }

    /// What `run()` does on its way out, for tests that never start curses.
    func endForTesting() { inbox.end() }

    /// Thread-safe: make `run()` return soon (signals, engine gone).
    public func terminate(reason: String) { inbox.append(.terminate(reason: reason)) }

    /// Fails early, before curses touches the terminal, when there is none (`isatty`, `TERM`).
    public static func checkTerminal(environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else { throw TerminalUnavailable.notATerminal }
        let term = environment["TERM"] ?? ""
        guard !term.isEmpty, term != "dumb", cn_terminfo_exists(term) == 1 else {
            throw TerminalUnavailable.unknownTerminal(term)
        }
    }

    /// Runs the front on the calling thread until the person quits or `terminate` is called. The terminal is
    /// restored (`endwin`) on every way out, before any error reaches the caller.
    public func run() throws {
        defer { inbox.end() }
        setlocale(LC_ALL, "")
        try Self.checkTerminal()
        let utf8 = String(cString: cn_codeset()).uppercased().replacingOccurrences(of: "-", with: "") == "UTF8"
        guard let screen = newterm(nil, cn_stdout(), cn_stdin()) else {
            throw TerminalUnavailable.unknownTerminal(ProcessInfo.processInfo.environment["TERM"] ?? "")
        }
        set_term(screen)
        let signals = installSignalHandlers()
        defer {
            signals.forEach { $0.cancel() }
            for signo in [SIGTERM, SIGINT, SIGHUP] { signal(signo, SIG_DFL) }
            endwin()
            delscreen(screen)
        }
        guard let window = cn_stdscr() else { throw TerminalUnavailable.unknownTerminal("no standard screen") }
        raw()
        noecho()
        keypad(window, true)
        set_escdelay(25)
        curs_set(0)
        let colour = !options.monochrome && has_colors()
        if colour {
            start_color()
            use_default_colors()
            for role in ColorRole.allCases where role != .plain {
                init_pair(Int16(role.rawValue), role.foreground, -1)
            }
        }
        if options.mouse { _ = cn_enable_mouse() }
        var state = MonitorState(now: Date(), size: size(of: window), naming: options.naming,
                                 glyphs: utf8 ? .unicode : .ascii, monochrome: !colour, mouse: options.mouse)
        state.history.limit = options.historyLimit
        loop(window: window, state: &state, colour: colour, utf8: utf8)
    }

    private func size(of window: UnsafeMutablePointer<WINDOW>) -> TerminalSize {
        TerminalSize(columns: Int(cn_getmaxx(window)), rows: Int(cn_getmaxy(window)))
    }

    private func loop(window: UnsafeMutablePointer<WINDOW>, state: inout MonitorState, colour: Bool, utf8: Bool) {
        var shown: ScreenBuffer?
        var pacer = FramePacer()
        pacer.note(.tick(Date()))  // the first frame
        var lastTick = Date.distantPast
        let poll: TimeInterval = 1.0 / 30
        while !state.exitRequested {
            // Block for the first key until the next frame is due (at most one short frame, so the inbox of engine
            // events is drained at least that often), then take whatever else is already typed.
            let wait = min(poll, pacer.wait(at: Date()) ?? poll)
            wtimeout(window, Int32((wait * 1000).rounded(.up)))
            var inputs: [MonitorInput] = []
            while inputs.count < 64, let input = readInput(window) {
                inputs.append(input)
                wtimeout(window, 0)
            }
            inputs += inbox.drain()
            let now = Date()
            if now.timeIntervalSince(lastTick) >= 0.25 {
                inputs.append(.tick(now))
                lastTick = now
            }
            for input in inputs {
                for command in MonitorReducer.reduce(into: &state, input) { send(command) }
                pacer.note(input)
            }
            let frameStart = Date()
            guard pacer.frameDue(at: frameStart) || state.exitRequested else { continue }
            let buffer = MonitorRenderer.render(state, size: state.size)
            if buffer != shown {
                blit(buffer, to: window, colour: colour, utf8: utf8)
                shown = buffer
            }
            let frameEnd = Date()
            pacer.drew(at: frameEnd, cost: frameEnd.timeIntervalSince(frameStart))
        }
    }

    /// One key, resize or click, or `nil` when none arrived within the window's timeout.
    private func readInput(_ window: UnsafeMutablePointer<WINDOW>) -> MonitorInput? {
        while true {
            var code: wint_t = 0
            let status = wget_wch(window, &code)
            if status == cn_err() { return nil }
            switch CursesKeyDecoder.decode(status: status, code: UInt32(code)) {
            case .key(let key): return .key(key)
            case .resize: return .resize(size(of: window))
            case .mouse:
                var y: Int32 = 0, x: Int32 = 0
                if cn_get_click(&y, &x) == 1 { return .click(row: Int(y), column: Int(x)) }
            case nil: continue
            }
        }
    }

    /// Copies the buffer to the window in runs of equal style, then one `doupdate`.
    private func blit(_ buffer: ScreenBuffer, to window: UnsafeMutablePointer<WINDOW>, colour: Bool, utf8: Bool) {
        werase(window)
        var run: [wchar_t] = []
        run.reserveCapacity(buffer.columns + 1)
        for row in 0..<buffer.rows {
            var x = 0
            while x < buffer.columns {
                let first = buffer[row, x]
                var end = x
                run.removeAll(keepingCapacity: true)
                while end < buffer.columns {
                    let cell = buffer[row, end]
                    guard cell.role == first.role, cell.attributes == first.attributes else { break }
                    let scalar = cell.character.unicodeScalars.first?.value ?? 0x3F
                    run.append(wchar_t(bitPattern: utf8 || scalar < 0x7F ? scalar : 0x3F))
                    end += 1
                }
                _ = cn_set_attr(window, attributes(first.attributes), colour ? Int32(first.role.rawValue) : 0)
                run.withUnsafeBufferPointer { pointer in
                    if let base = pointer.baseAddress { _ = cn_put(window, Int32(row), Int32(x), base, Int32(run.count)) }
                }
                x = end
            }
        }
        _ = cn_set_attr(window, cn_a_normal(), 0)
        wnoutrefresh(window)
        doupdate()
    }

    private func attributes(_ a: CellAttributes) -> UInt32 {
        var out = cn_a_normal()
        if a.contains(.bold) { out |= cn_a_bold() }
        if a.contains(.reverse) { out |= cn_a_reverse() }
        if a.contains(.underline) { out |= cn_a_underline() }
        if a.contains(.dim) { out |= cn_a_dim() }
        return out
    }

    /// SIGTERM, SIGINT and SIGHUP become a `terminate` input, so the loop ends and `endwin` runs. SIGWINCH is
    /// left alone: ncurses installs its own handler only when the signal is at its default.
    private func installSignalHandlers() -> [any DispatchSourceSignal] {
        [SIGTERM, SIGINT, SIGHUP].map { signo in
            signal(signo, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signo, queue: .global())
            let inbox = self.inbox
            source.setEventHandler { inbox.append(.terminate(reason: "signal \(signo)")) }
            source.resume()
            return source
        }
    }
}
