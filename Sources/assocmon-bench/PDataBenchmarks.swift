import DICOMUpperLayer
import NIOCore

/// P-DATA-TF parsing + PDV reassembly, and the memcpy baseline, measured in the same run.
enum PDataBenchmarks {
    /// A C-STORE of `dataSetLength` bytes encoded by `MessageFragmenter` for a peer with `maxPDU`.
    static func stream(dataSetLength: Int, maxPDU: UInt32) throws -> ByteBuffer {
        let command = CStoreRQ(messageID: 1, affectedSOPClassUID: "1.2.840.10008.5.1.4.1.1.2",
                               affectedSOPInstanceUID: "1.2.826.0.1.3680043.9.3811.77.1").commandSet
        var dataSet = ByteBuffer()
        dataSet.reserveCapacity(dataSetLength)
        dataSet.writeBytes((0..<dataSetLength).lazy.map { UInt8(truncatingIfNeeded: $0 &* 131) })
        var out = ByteBuffer()
        try MessageFragmenter(peerMaximumLength: maxPDU)
            .encodeMessage(command: command, dataSet: dataSet, presentationContextID: 1, into: &out)
        return out
    }

    /// Splits the stream into PDUs by their 6-byte header (what a framer does once a PDU is complete), then
    /// hands each P-DATA-TF body to the reassembler and consumes the data set fragments (slices) by length.
    /// Returns data set bytes seen.
    static func reassemble(_ stream: ByteBuffer) throws -> Int {
        var input = stream
        var reassembler = MessageReassembler()
        var seen = 0
        while input.readableBytes >= 6 {
            guard let type = input.readInteger(as: UInt8.self), input.readInteger(as: UInt8.self) != nil,
                  let length = input.readInteger(as: UInt32.self),
                  let body = input.readSlice(length: Int(length)), type == 0x04 else { break }
            var reader = PresentationDataValue.ItemReader(body)
            while let pdv = try reader.next() {
                if case .dataSetFragment(let fragment, _, _)? = try reassembler.receive(pdv) {
                    seen &+= fragment.readableBytes
                }
            }
        }
        return seen
    }

    /// The engine's path: `PDUFramer` cuts and checks each PDU, `PDataTF.decode` parses its PDVs, the
    /// reassembler sequences them. Returns data set bytes seen.
    static func frameAndReassemble(_ stream: ByteBuffer, maxPDU: UInt32) throws -> Int {
        var input = stream
        let framer = PDUFramer(limits: PDULimits(maxDataTFLength: maxPDU))
        var reassembler = MessageReassembler()
        var seen = 0
        while let pdu = try framer.nextPDU(from: &input) {
            guard case .dataTF(let data) = pdu else { continue }
            try reassembler.receive(data) { event in
                if case .dataSetFragment(let fragment, _, _) = event { seen &+= fragment.readableBytes }
            }
        }
        return seen
    }

    /// Same, but also copies every fragment into one contiguous buffer (what `Accumulator` does, and roughly
    /// the cost of handing fragments to a file write).
    static func reassembleAndCopy(_ stream: ByteBuffer, into destination: inout ByteBuffer) throws -> Int {
        var input = stream
        var reassembler = MessageReassembler()
        destination.clear()
        while input.readableBytes >= 6 {
            guard let type = input.readInteger(as: UInt8.self), input.readInteger(as: UInt8.self) != nil,
                  let length = input.readInteger(as: UInt32.self),
                  let body = input.readSlice(length: Int(length)), type == 0x04 else { break }
            var reader = PresentationDataValue.ItemReader(body)
            while let pdv = try reader.next() {
                if case .dataSetFragment(let fragment, _, _)? = try reassembler.receive(pdv) {
                    destination.writeImmutableBuffer(fragment)
                }
            }
        }
        return destination.readableBytes
    }

    /// memcpy of `length` bytes between two preallocated buffers.
    static func memcpyRun(source: UnsafeRawBufferPointer, destination: UnsafeMutableRawBufferPointer) -> Int {
        guard let from = source.baseAddress, let to = destination.baseAddress else { return 0 }
        to.copyMemory(from: from, byteCount: source.count)
        return Int(destination[source.count / 2])
    }
}
