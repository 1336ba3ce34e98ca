import NIOCore

/// How the engine reaches one connection's handler from any thread: hop onto the connection's event loop and run
/// there. All per-association state lives on that loop, so commands never race with I/O.
struct ConnectionHandle: Sendable {
    let eventLoop: any EventLoop
    let handler: NIOLoopBound<AssociationHandler>

    func execute(_ body: @escaping @Sendable (AssociationHandler) -> Void) {
        let handler = self.handler
        eventLoop.execute { body(handler.value) }
    }
}
