import DICOMUpperLayer
import Foundation
import NIOCore

/// A very large C-STORE pushed through `MessageFragmenter.DataSetStream` and `MessageReassembler` chunk by
/// chunk, never held whole: shows that memory stays flat whatever the data set size.
enum StreamingBenchmark {
    struct Outcome {
        var bytes: Int
        var duration: Duration
        var peakRSSBeforeKiB: Int
        var peakRSSAfterKiB: Int
    }

    static func run(totalBytes: Int, maxPDU: UInt32) throws -> Outcome {
        let before = peakRSSKiB()
        let fragmenter = MessageFragmenter(peerMaximumLength: maxPDU)
        var chunk = ByteBuffer()
        chunk.writeBytes((0..<(1 << 20)).lazy.map { UInt8(truncatingIfNeeded: $0 &* 7) })
        let command = CStoreRQ(messageID: 1, affectedSOPClassUID: "1.2.840.10008.5.1.4.1.1.2",
                               affectedSOPInstanceUID: "1.2.3").commandSet.encoded()
        var wire = ByteBuffer()
        var reassembler = MessageReassembler()
        var received = 0
        let clock = ContinuousClock()
        let duration = try clock.measure {
            try fragmenter.encodeCommand(command, presentationContextID: 1, into: &wire)
            var stream = try fragmenter.dataSetStream(presentationContextID: 1)
            var sent = 0
            while sent < totalBytes {
                let piece = chunk.getSlice(at: 0, length: min(chunk.readableBytes, totalBytes - sent)) ?? chunk
                sent += piece.readableBytes
                stream.append(piece, into: &wire)
                received &+= try drain(&wire, into: &reassembler)
            }
            try stream.finish(into: &wire)
            received &+= try drain(&wire, into: &reassembler)
        }
        sink &+= received
        return Outcome(bytes: received, duration: duration, peakRSSBeforeKiB: before, peakRSSAfterKiB: peakRSSKiB())
    }

    /// Parses the complete PDUs in `wire`, feeds them to the reassembler, and discards them.
    static func drain(_ wire: inout ByteBuffer, into reassembler: inout MessageReassembler) throws -> Int {
        var seen = 0
        while let length = wire.getInteger(at: wire.readerIndex + 2, as: UInt32.self),
              wire.readableBytes >= 6 + Int(length) {
            wire.moveReaderIndex(forwardBy: 6)
            guard let body = wire.readSlice(length: Int(length)) else { break }
            var reader = PresentationDataValue.ItemReader(body)
            while let pdv = try reader.next() {
                if case .dataSetFragment(let fragment, _, _)? = try reassembler.receive(pdv) {
                    seen &+= fragment.readableBytes
                }
            }
        }
        wire.discardReadBytes()
        return seen
    }

    /// Peak resident set size of this process so far (getrusage ru_maxrss, KiB on Linux).
    static func peakRSSKiB() -> Int {
        var usage = rusage()
        #if os(Linux)
        getrusage(RUSAGE_SELF.rawValue, &usage)
        #else
        getrusage(RUSAGE_SELF, &usage)
        #endif
        #if os(Linux)
        return Int(usage.ru_maxrss)
        #else
        return Int(usage.ru_maxrss) / 1024
        #endif
    }
}
