import DICOMUpperLayer
import NIOCore

/// Sends a DIMSE command set as P-DATA-TF PDUs, one PDV per PDU, each PDU-length within the peer's Maximum Length
/// (PS3.8 §9.3.5, Annex E; PROTOCOL.md §3.1: fragment ≤ maxLength − 6, even). Commands and data sets are never
/// mixed in one PDU (PROTOCOL.md pitfall 12).
enum PDVFragmentation {
    static func commandPDUs(_ command: CommandSet, contextID: UInt8, maxPDULength: Int,
                            allocator: ByteBufferAllocator) -> [ByteBuffer] {
        let bytes = command.encoded(allocator: allocator)
        return pdus(for: bytes, isCommand: true, contextID: contextID, maxPDULength: maxPDULength,
                    allocator: allocator)
    }

    static func pdus(for message: ByteBuffer, isCommand: Bool, contextID: UInt8, maxPDULength: Int,
                     allocator: ByteBufferAllocator) -> [ByteBuffer] {
        // PDU-length = 6 (PDV length + context ID + control header) + fragment; keep fragments even.
        let maxFragment = max(2, (maxPDULength - 6) & ~1)
        var remaining = message
        var result: [ByteBuffer] = []
        repeat {
            let length = min(maxFragment, remaining.readableBytes)
            guard var fragment = remaining.readSlice(length: length) else { break }
            let isLast = remaining.readableBytes == 0
            var pdu = allocator.buffer(capacity: 12 + length)
            pdu.writeInteger(PDUType.dataTF.rawValue)
            pdu.writeInteger(UInt8(0))
            pdu.writeInteger(UInt32(6 + length))
            pdu.writeInteger(UInt32(2 + length))
            pdu.writeInteger(contextID)
            pdu.writeInteger(MessageControlHeader(isCommand: isCommand, isLastFragment: isLast).rawValue)
            pdu.writeBuffer(&fragment)
            result.append(pdu)
        } while remaining.readableBytes > 0
        return result
    }
}
