import Foundation

/// Everything known about a TLS handshake that did not finish, gathered by `TLSHandshakeMonitor` from the error
/// swift-nio-ssl raised and from what `TLSHelloObserver` saw on the wire. A value, so `reason` is testable alone.
public struct TLSHandshakeFailure: Sendable, Equatable {
    /// `String(describing:)` of the error (BoringSSL reason codes such as `CERTIFICATE_VERIFY_FAILED` live here);
    /// `nil` when the connection just closed or timed out.
    public var errorDescription: String?
    public var clientOpening: TLSClientOpening?
    public var bytesReceived: Int
    public var serverHelloSent: Bool
    /// The client's leaf certificate, when BoringSSL still holds it after the failure.
    public var peerCertificate: CertificateFacts?
    /// Set when the handshake was cut by the ARTIM timer; the timer's length.
    public var timedOutAfter: Duration?

    public init(errorDescription: String? = nil, clientOpening: TLSClientOpening? = nil, bytesReceived: Int = 0,
                serverHelloSent: Bool = false, peerCertificate: CertificateFacts? = nil,
                timedOutAfter: Duration? = nil) {
        self.errorDescription = errorDescription; self.clientOpening = clientOpening
        self.bytesReceived = bytesReceived; self.serverHelloSent = serverHelloSent
        self.peerCertificate = peerCertificate; self.timedOutAfter = timedOutAfter
    }
}
