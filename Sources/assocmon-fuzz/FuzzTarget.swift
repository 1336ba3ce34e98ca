import AssociationEngine
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
    /// The `--rules` file parser (the input as UTF-8 text). A file it accepts must be saved (`description`) as
    /// text that parses back to the same rules, and deciding for a request must not trap.
    case rules

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
        case .rules:
            guard let rules = try? RuleSet(parsing: String(decoding: bytes, as: UTF8.self)) else { return }
            let saved = rules.description
            guard let reread = try? RuleSet(parsing: saved), reread == rules else {
                fatalError("rules do not survive save and reload:\n\(saved)")
            }
            _ = rules.decide(for: RuleContext(callingAETitle: "MODALITY1", calledAETitle: "ASSOCMON",
                                              peer: "10.20.1.2", abstractSyntaxes: ["1.2.840.10008.5.1.4.1.1.2"],
                                              peerCertificateSubject: "CN=Trusted Modality"))
        }
    }
}
