import NIOCore
import NIOSSL

extension TLSServerContext {
    /// Puts DICOM TLS in front of a child channel's pipeline: `TLSHelloObserver`, `NIOSSLServerHandler`,
    /// `TLSHandshakeMonitor`, in that order, ahead of whatever handlers are already there (call it first in the
    /// child channel initializer, on the channel's event loop).
    ///
    /// The handlers behind receive exactly one `TLSHandshakeOutcome` user event before any DICOM byte;
    /// `handshakeTimeout` should be the ARTIM timeout.
    public func addServerHandlers(to pipeline: ChannelPipeline.SynchronousOperations,
                                  handshakeTimeout: TimeAmount) throws {
        let observer = TLSHelloObserver()
        let monitor = TLSHandshakeMonitor(server: self, observer: observer, timeout: handshakeTimeout)
        try pipeline.addHandlers([observer, NIOSSLServerHandler(context: sslContext), monitor], position: .first)
    }
}
