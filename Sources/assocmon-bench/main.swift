import DICOMUpperLayer
import Foundation
import NIOCore

// assocmon-bench: codec figures for this machine. Run in release mode:
//   swift run -c release assocmon-bench [--quick] [--size-mib N] [--events-only] [--front-only]
// scripts/bench-codec.sh wraps it.

let arguments = CommandLine.arguments
let quick = arguments.contains("--quick")
let sizeMiB = arguments.firstIndex(of: "--size-mib").flatMap { index in
    arguments.indices.contains(index + 1) ? Int(arguments[index + 1]) : nil
} ?? (quick ? 16 : 64)
let dataSetLength = sizeMiB << 20
let iterations = quick ? 5 : 15
let warmup = quick ? 1 : 3

#if DEBUG
print("warning: debug build; figures are meaningless. Use: swift run -c release assocmon-bench")
#endif

var results: [Benchmark.Result] = []
var notes: [String] = []

// The headless JSON lines of one C-ECHO association's events (`--events-only`: this one alone).
let eventLines = EventLinesBenchmark.run(associationsPerRun: quick ? 2_000 : 10_000, warmup: warmup,
                                         iterations: iterations)
if arguments.contains("--events-only") {
    print("\(eventLines.name): \(String(format: "%.0f", eventLines.operationsPerSecond)) lines/s (median of "
          + "\(iterations) runs of \(eventLines.operationsPerRun) lines; best run "
          + "\(String(format: "%.0f", Double(eventLines.operationsPerRun) / eventLines.best.seconds)) lines/s)")
    exit(0)
}

// The curses front: reducer per association, and frames of a 10,000-row list (`--front-only`: these alone).
let front = FrontBenchmark.run(associations: quick ? 2_000 : 10_000, warmup: warmup, iterations: iterations)
func printFront() {
    let perAssociation = front.reduce.median.seconds / Double(front.reduce.operationsPerRun)
    print(String(format: "%@: %.1f µs per association (median of %d runs of %d); at 10,000 associations/min "
                 + "that is %.2f %% of one core", front.reduce.name, perAssociation * 1e6, iterations,
                 front.reduce.operationsPerRun, perAssociation * 10_000 / 60 * 100))
    for frame in front.frames {
        let perFrame = frame.median.seconds / Double(frame.operationsPerRun)
        print(String(format: "%@: %.3f ms per frame (best run %.3f ms; target < 2 ms) %@", frame.name,
                     perFrame * 1e3, frame.best.seconds / Double(frame.operationsPerRun) * 1e3,
                     perFrame < 0.002 ? "within target" : "OVER TARGET"))
    }
}
if arguments.contains("--front-only") {
    printFront()
    exit(0)
}

// First, before the big buffers below exist: a huge C-STORE streamed in constant memory.
let streamedGiB = quick ? 0.25 : 1.0
let streamed = try StreamingBenchmark.run(totalBytes: Int(streamedGiB * Double(1 << 30)), maxPDU: 16384)

// memcpy baseline, same size as the data set, in this run.
let source = UnsafeMutableRawBufferPointer.allocate(byteCount: dataSetLength, alignment: 64)
let destination = UnsafeMutableRawBufferPointer.allocate(byteCount: dataSetLength, alignment: 64)
defer { source.deallocate(); destination.deallocate() }
for index in 0..<dataSetLength { source[index] = UInt8(truncatingIfNeeded: index &* 131) }
destination.initializeMemory(as: UInt8.self, repeating: 0)
let memcpyResult = Benchmark(name: "memcpy (baseline)", bytesPerRun: dataSetLength, operationsPerRun: 1,
                             warmup: warmup, iterations: iterations)
    .run { PDataBenchmarks.memcpyRun(source: UnsafeRawBufferPointer(source), destination: destination) }
results.append(memcpyResult)

/// (name, best-run ratio, median ratio) of time against memcpy's.
var ratios: [(String, Double, Double)] = []
for maxPDU in [UInt32(16384), 262_144] {
    let stream = try PDataBenchmarks.stream(dataSetLength: dataSetLength, maxPDU: maxPDU)
    let pdus = MessageFragmenter(peerMaximumLength: maxPDU).pduCount(forLength: dataSetLength) + 1
    let zeroCopy = try Benchmark(name: "P-DATA-TF parse + reassembly (slices), PDU \(maxPDU)",
                                 bytesPerRun: dataSetLength, operationsPerRun: pdus,
                                 warmup: warmup, iterations: iterations)
        .run { try PDataBenchmarks.reassemble(stream) }
    results.append(zeroCopy)
    ratios.append((zeroCopy.name, zeroCopy.best.seconds / memcpyResult.best.seconds,
                   zeroCopy.median.seconds / memcpyResult.median.seconds))

    let framed = try Benchmark(name: "  PDUFramer + PDataTF.decode + reassembly, PDU \(maxPDU)",
                               bytesPerRun: dataSetLength, operationsPerRun: pdus,
                               warmup: warmup, iterations: iterations)
        .run { try PDataBenchmarks.frameAndReassemble(stream, maxPDU: maxPDU) }
    results.append(framed)
    ratios.append((framed.name, framed.best.seconds / memcpyResult.best.seconds,
                   framed.median.seconds / memcpyResult.median.seconds))

    var contiguous = ByteBuffer()
    contiguous.reserveCapacity(dataSetLength)
    let copying = try Benchmark(name: "  … + copy fragments into one buffer, PDU \(maxPDU)",
                                bytesPerRun: dataSetLength, operationsPerRun: pdus,
                                warmup: warmup, iterations: iterations)
        .run { try PDataBenchmarks.reassembleAndCopy(stream, into: &contiguous) }
    results.append(copying)
    ratios.append((copying.name, copying.best.seconds / memcpyResult.best.seconds,
                   copying.median.seconds / memcpyResult.median.seconds))

    let command = CStoreRQ(messageID: 1, affectedSOPClassUID: "1.2.840.10008.5.1.4.1.1.2",
                           affectedSOPInstanceUID: "1.2.3").commandSet.encoded()
    var dataSet = ByteBuffer()
    dataSet.writeBytes(UnsafeRawBufferPointer(source))
    var encoded = ByteBuffer()
    encoded.reserveCapacity(stream.readableBytes)
    let fragmenter = MessageFragmenter(peerMaximumLength: maxPDU)
    results.append(try Benchmark(name: "MessageFragmenter encode, PDU \(maxPDU)", bytesPerRun: dataSetLength,
                                 operationsPerRun: pdus, warmup: warmup, iterations: iterations)
        .run {
            encoded.clear()
            try fragmenter.encodeMessage(command: command, dataSet: dataSet, presentationContextID: 1, into: &encoded)
            return encoded.readableBytes
        })
}

// A-ASSOCIATE-RQ with 128 presentation contexts.
let associateRQ = AssociateRQFixture.bytes()
let rqRuns = quick ? 200 : 1_000
results.append(try AssociateRQBenchmark.run(associateRQ, decodesPerRun: rqRuns, warmup: warmup, iterations: iterations,
                                        notes: &notes))

results.append(eventLines)

// MARK: report

func pad(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
}

func leftPad(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
}

let cores = ProcessInfo.processInfo.activeProcessorCount
print("assocmon-bench — DICOMUpperLayer codec, \(cores) cores, data set \(sizeMiB) MiB, "
      + "\(iterations) timed runs after \(warmup) warm-up; MB = 10^6 bytes; figures from the median run")
print(String(repeating: "─", count: 112))
print(pad("benchmark", 52) + leftPad("best", 11) + leftPad("median", 11) + leftPad("throughput", 16)
      + leftPad("per op", 12) + "  ops")
print(String(repeating: "─", count: 112))
for result in results {
    let throughput = result.bytesPerRun > 0
        ? String(format: "%.0f MB/s", result.megabytesPerSecond)
        : String(format: "%.0f /s", result.operationsPerSecond)
    let perOp = Duration.seconds(result.median.seconds / Double(max(1, result.operationsPerRun)))
    print(pad(result.name, 52) + leftPad(result.best.formatted, 11) + leftPad(result.median.formatted, 11)
          + leftPad(throughput, 16) + leftPad(perOp.formatted, 12) + "  \(result.operationsPerRun)")
}
print(String(repeating: "─", count: 112))
print("time relative to memcpy of the same bytes (target ≤ 2.0×; best run / median run):")
for (name, best, median) in ratios {
    print("  " + pad(name.trimmingCharacters(in: .whitespaces), 54) + String(format: "%6.2f× / %6.2f×  ", best, median)
          + (best <= 2.0 ? "within target" : "OVER TARGET"))
}
print(String(format: "streamed C-STORE: %.2f GiB through DataSetStream → PDUs → MessageReassembler in %@ "
             + "(%.0f MB/s); peak RSS %.1f MiB before, %.1f MiB after",
             Double(streamed.bytes) / Double(1 << 30), streamed.duration.formatted,
             Double(streamed.bytes) / streamed.duration.seconds / 1e6,
             Double(streamed.peakRSSBeforeKiB) / 1024, Double(streamed.peakRSSAfterKiB) / 1024))
printFront()
for note in notes { print("note: " + note) }
print("(checksum \(sink))")
