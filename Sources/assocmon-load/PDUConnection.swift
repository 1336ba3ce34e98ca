import DICOMUpperLayer
import NIOCore

/// One requestor-side DICOM connection: a `BlockingSocket` plus the codec's `PDUFramer` on the bytes read.
///
/// Association PDUs go through `PDU.encode`/`PDUFrame.decode`; the P-DATA-TF of a C-STORE data set is written
/// by `DataSetSender` straight from a reusable buffer (no per-byte work on the client beyond `send(2)`).
final class PDUConnection {
    let socket: BlockingSocket
    private var inbound: ByteBuffer
    private let framer = PDUFramer(limits: .unlimited)
    private var reassembler = MessageReassembler()

    init(port: UInt16, timeoutSeconds: Int) throws(LoadError) {
        socket = try BlockingSocket(port: port, timeoutSeconds: timeoutSeconds)
        inbound = ByteBufferAllocator().buffer(capacity: 65_536)
    }

    func send(_ pdu: PDU) throws(LoadError) {
        var buffer = ByteBufferAllocator().buffer(capacity: 512)
        do { try pdu.encode(into: &buffer) } catch { throw .codec("\(error)") }
        try send(buffer)
    }

    func send(_ buffer: ByteBuffer) throws(LoadError) {
        var failure: LoadError?
        buffer.withUnsafeReadableBytes { bytes in
            do throws(LoadError) { try socket.sendAll(bytes) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    /// The next complete PDU, undecoded. `phase` names what we were waiting for, for errors.
    func receiveFrame(_ phase: String) throws(LoadError) -> PDUFrame {
        while true {
            do {
                if let frame = try framer.nextFrame(from: &inbound) { return frame }
            } catch {
                throw .codec("\(error)")
            }
            if inbound.readableBytes == 0 { inbound.clear() }
            var failure: LoadError?
            let count = inbound.writeWithUnsafeMutableBytes(minimumWritableBytes: 65_536) { bytes in
                do throws(LoadError) { return try socket.receive(into: bytes) } catch { failure = error; return 0 }
            }
            if let failure { throw failure }
            if count == 0 { throw .peerClosed(while: phase) }
        }
    }

    /// The next DIMSE command the server sends (its command set reassembled from P-DATA-TF PDVs).
    func receiveCommand(_ phase: String) throws(LoadError) -> DIMSECommand {
        while true {
            let frame = try receiveFrame(phase)
            switch frame.type {
            case .dataTF:
                var command: DIMSECommand?
                do {
                    let events = try reassembler.receive(pDataTFItems: frame.body)
                    for case let .command(received, _, _) in events { command = received }
                } catch {
                    throw .codec("\(error)")
                }
                if let command { return command }
            case .abort:
                throw abortError(frame, phase)
            default:
                throw .unexpectedPDU(frame.type, expected: "P-DATA-TF while \(phase)")
            }
        }
    }

    func abortError(_ frame: PDUFrame, _ phase: String) -> LoadError {
        if case .abort(let abort)? = try? frame.decode() { return .aborted(abort, while: phase) }
        return .unexpectedPDU(frame.type, expected: "a valid A-ABORT")
    }
}
