import DICOMUpperLayer
import NIOCore

extension PDU {
    /// The same PDU with decode-time conformance findings removed: findings describe how the bytes were
    /// written, not the value, and are not encoded.
    public var withoutFindings: PDU {
        switch self {
        case .associateRQ(var rq):
            rq.findings = []
            return .associateRQ(rq)
        case .associateAC(var ac):
            ac.findings = []
            return .associateAC(ac)
        default:
            return self
        }
    }

    /// A decoded PDU re-encodes (without the send rules) to no more than `receivedSize` bytes, and those bytes
    /// decode to the same value. Strict encoding yields bytes or a typed error; the description never traps.
    public func checkRoundTrip(receivedSize: Int) {
        _ = String(describing: self)
        _ = try? encoded(mode: .strict)
        let again: ByteBuffer
        do {
            again = try encoded(mode: .unchecked)
        } catch {
            require(false, "a decoded \(type) does not re-encode: \(error)")
            return
        }
        require(again.readableBytes <= receivedSize,
                "a decoded \(type) re-encodes to \(again.readableBytes) bytes, more than the \(receivedSize) received")
        do {
            let redecoded = try PDU.decode(bytes: again)
            require(redecoded.withoutFindings == withoutFindings,
                    "a re-encoded \(type) decodes to another value:\n\(self)\n---\n\(redecoded)")
        } catch {
            require(false, "a re-encoded \(type) does not decode: \(error)")
        }
    }
}
