/// Who or what ended an association with an A-ABORT or an A-P-ABORT (PS3.8 §7.3, §7.4; the `aborted` event's `by`).
public enum AbortedBy: String, Sendable, Decodable, Equatable, CaseIterable {
    /// An A-ABORT PDU arrived from the peer (Evt16, AA-3).
    case peer
    /// The operator's abort command (A-ABORT request primitive, AA-1 / AA-7).
    case `operator`
    /// The engine found a protocol error and aborted (AA-8), or answered a request it cannot serve with an A-ABORT.
    case engine
    /// The TCP connection closed without release (Evt17, AA-4).
    case transport
    /// A request's decision timed out with `--on-timeout abort`.
    case timeout
    /// A graceful stop aborted what was still running.
    case shutdown
    /// In tap mode, the upstream leg aborted or was lost, so the requestor leg was aborted too (PS3.8 §7.3).
    case upstream
}
