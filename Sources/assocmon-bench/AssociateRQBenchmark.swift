import DICOMUpperLayer
import NIOCore

/// A-ASSOCIATE-RQ decodes per second for a 128-context request, through `PDU.decode(bytes:)` (header check,
/// every item and sub-item, conformance findings).
enum AssociateRQBenchmark {
    static func run(_ bytes: ByteBuffer, decodesPerRun: Int, warmup: Int, iterations: Int,
                    notes: inout [String]) throws -> Benchmark.Result {
        // Check once that the input really is what the figure claims.
        guard case .associateRQ(let rq) = try PDU.decode(bytes: bytes) else {
            throw BenchmarkInputError(message: "the 128-context fixture did not decode as an A-ASSOCIATE-RQ")
        }
        guard rq.presentationContexts.count == 128 else {
            throw BenchmarkInputError(message: "expected 128 presentation contexts, got \(rq.presentationContexts.count)")
        }
        notes.append("A-ASSOCIATE-RQ: \(bytes.readableBytes) bytes, \(rq.presentationContexts.count) presentation "
                     + "contexts × 3 transfer syntaxes, user information; \(rq.findings.count) conformance findings")
        return try Benchmark(name: "A-ASSOCIATE-RQ decode (128 PCs), PDU.decode", bytesPerRun: 0,
                             operationsPerRun: decodesPerRun, warmup: warmup, iterations: iterations)
            .run {
                var total = 0
                for _ in 0..<decodesPerRun {
                    if case .associateRQ(let decoded) = try PDU.decode(bytes: bytes) {
                        total &+= decoded.presentationContexts.count
                    }
                }
                return total
            }
    }
}

struct BenchmarkInputError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
