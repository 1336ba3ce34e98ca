import Foundation
import NIOCore
import NIOPosix

extension AssociationEngine {
    /// The port the DICOM TLS listener bound, once `start()` returned; `nil` without TLS.
    public var tlsPort: Int? { shared.withLockedValue { $0.tlsBoundPort } }

    /// Builds the TLS context from `options.tls` before anything is bound, so a bad certificate, key or CA stops the
    /// start with a message naming the option. Key-file warnings go to the log.
    func makeTLSContext() throws(EngineError) -> TLSServerContext? {
        guard let tls = options.tls else {
            if options.noPlain { throw .invalidOption("--no-plain needs TLS: give --tls-cert and --tls-key") }
            return nil
        }
        let context: TLSServerContext
        do {
            context = try TLSServerContextFactory.make(tls)
        } catch let error as TLSSetupError {
            throw .invalidOption("cannot serve DICOM TLS on port \(tls.port): \(error.description)")
        } catch {
            throw .invalidOption("cannot serve DICOM TLS on port \(tls.port): TLS set-up failed: \(error)")
        }
        for warning in context.warnings { logger.warning("\(warning)") }
        return context
    }

    /// Builds the upstream leg's TLS client context from `options.forwardTLS` before anything is bound, so a bad
    /// certificate, key or CA stops the start with a message naming the option.
    func makeUpstreamTLSContext() throws(EngineError) -> TLSClientContext? {
        guard let forwardTLS = options.forwardTLS else { return nil }
        let context: TLSClientContext
        do {
            context = try TLSClientContextFactory.make(forwardTLS)
        } catch let error as TLSSetupError {
            throw .invalidOption("cannot forward over DICOM TLS: \(error.description)")
        } catch {
            throw .invalidOption("cannot forward over DICOM TLS: TLS set-up failed: \(error)")
        }
        for warning in context.warnings { logger.warning("\(warning)") }
        return context
    }

    /// The upstream leg's TLS client context, once `start()` built it; `nil` over plain TCP.
    var upstreamTLSContext: TLSClientContext? { shared.withLockedValue { $0.upstreamTLS } }

    /// Binds the DICOM TLS port (PS3.15 Annex B, default 2762) and returns the port bound; `start()` publishes
    /// `listening` with `tls: true` once every listener is up. Each child channel gets the TLS handlers in front of
    /// its `AssociationHandler`; the handshake must finish within the ARTIM time (PS3.8 §9.1.5), since the transport
    /// connection is not open for DICOM until it has.
    func bindTLSListener(_ tls: TLSServerContext) async throws(EngineError) -> Int {
        let port = options.tls?.port ?? TLSOptions.defaultPort
        let handshakeTimeout = TimeAmount.clamping(seconds: options.artimTimeout)
        let bootstrap = makeServerBootstrap { [self] pipeline in
            try tls.addServerHandlers(to: pipeline, handshakeTimeout: handshakeTimeout)
            try pipeline.addHandlers(AssociationHandler.pipeline(engine: self, tls: true))
        }
        let channel: any Channel
        do {
            channel = try await bootstrap.bind(host: options.bindHost, port: port).get()
        } catch let error as IOError where error.errnoCode == EADDRINUSE {
            throw .tlsPortInUse(port)
        } catch {
            throw .bindFailed(host: options.bindHost, port: port, reason: "\(error)", option: "--tls-port")
        }
        let bound = channel.localAddress?.port ?? port
        shared.withLockedValue { state in
            state.tlsServerChannel = channel
            state.tlsBoundPort = bound
        }
        let mode = tls.peerCertificateMode.rawValue
        logger.info("listening for DICOM TLS on \(options.bindHost):\(bound), client certificates \(mode), \(TLSProfile.summary)")
        return bound
    }
}
