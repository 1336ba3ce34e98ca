import ArgumentParser
import AssociationEngine

/// The one place the executable hands over to the curses front (the `MonitorUI` module). The UI work replaces the
/// body with its entry point (e.g. `MonitorApp.run(engine:options:auditLog:)`); until then a clear error points to
/// headless mode.
enum FrontHook {
    static func run(engine: AssociationEngine, options: EngineOptions, auditLog: EventLineWriter?) async throws {
        _ = (engine, options, auditLog)
        throw ValidationError("the curses front is not built yet; run with --headless")
    }
}
