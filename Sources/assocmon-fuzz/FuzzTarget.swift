import DICOMUpperLayer
import NIOCore

/// What one fuzz input is fed to: the parsers that read bytes from the network. Each must return a value or a
/// typed error for any input, never trap, hang or grow without bound (scripts/fuzz.sh runs them under libFuzzer
/// with AddressSanitizer).
enum FuzzTarget: String, CaseIterable {
    /// The PDU framer and, through it, every PDU decoder (PS3.8 §9.3: A-ASSOCIATE-RQ/-AC/-RJ, P-DATA-TF,
    /// A-RELEASE-RQ/-RP, A-ABORT), fed the input as one byte stream.
    case pdu
    /// The PDV reassembler (PS3.8 Annex E) fed the input as P-DATA-TF items, in two reads split at the first byte's
    /// position.
    case reassembler
    /// The DIMSE command set reader (PS3.7 §6.3, §9.3 / Annex E).
    case command

    func run(_ bytes: UnsafeRawBufferPointer) {
        switch self {
        case .pdu:
            var framer = PDUFramer(limits: PDULimits(maxDataTFLength: 1 << 20))
            var input = ByteBuffer(bytes: bytes)
            while true {
                do {
                    guard try framer.nextPDU(from: &input) != nil else { return }
                } catch {
                    return
                }
            }
        case .reassembler:
            var reassembler = MessageReassembler(maximumCommandLength: 1 << 16)
            let split = bytes.isEmpty ? 0 : Int(bytes[0]) % (bytes.count + 1)
            for part in [bytes[..<split], bytes[split...]] {
                do {
                    _ = try reassembler.receive(pDataTFItems: ByteBuffer(bytes: UnsafeRawBufferPointer(rebasing: part)))
                } catch {
                    return
                }
            }
        case .command:
            _ = try? DIMSECommand(decoding: ByteBuffer(bytes: bytes))
        }
    }
}
