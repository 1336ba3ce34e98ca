import AssociationEvents
/// The result of a DICOM TLS handshake, fired by `TLSHandshakeMonitor` as a user inbound event to the handlers
/// behind it, exactly once per connection, before any DICOM byte.
///
/// The engine reports `.established` facts in `connection-opened` (and every later event's `tls`), and turns
/// `.failed` into a `transport-failed` event; the monitor closes a failed connection itself.
public enum TLSHandshakeOutcome: Sendable, Equatable {
    case established(TLSFacts)
    case failed(reason: String)
}
