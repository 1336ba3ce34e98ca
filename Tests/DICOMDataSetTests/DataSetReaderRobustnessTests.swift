import DICOMDataSet
import Foundation
import NIOCore
import TestSupport
import XCTest

/// Bytes from the wire never trap the reader: seeded random mutations of real data sets and random bytes, in every
/// encoding, each fed whole and in small chunks, yield elements, findings or a typed error.
final class DataSetReaderRobustnessTests: XCTestCase {
    func testMutatedDataSetsNeverTrap() throws {
        var seeds: [[UInt8]] = []
        for name in ["CT_small.dcm", "rtplan.dcm", "MR_small_bigendian.dcm", "SC_rgb_rle_2frame.dcm"] {
            if let path = PydicomTestFiles.path(name), let file = Part10File(path: path) {
                seeds.append(Array(file.dataSet.prefix(8192)))
            }
        }
        guard !seeds.isEmpty else { throw XCTSkip("pydicom's test files are not installed") }
        var rng = SplitMix64(seed: 0xD1C0)
        var failures = 0
        for round in 0..<600 {
            var bytes = seeds[round % seeds.count]
            for _ in 0..<Int.random(in: 1...8, using: &rng) {
                let index = Int.random(in: 0..<bytes.count, using: &rng)
                switch Int.random(in: 0..<3, using: &rng) {
                case 0: bytes[index] = UInt8.random(in: 0...255, using: &rng)
                case 1: bytes[index] = [0x00, 0xFF, 0xFE, 0xE0, 0xDD][Int.random(in: 0..<5, using: &rng)]
                default: bytes.removeSubrange(index..<min(bytes.count, index + Int.random(in: 1...16, using: &rng)))
                }
                if bytes.isEmpty { bytes = [0] }
            }
            for encoding in [DataSetEncoding.implicitVRLittleEndian, .explicitVRLittleEndian, .explicitVRBigEndian] {
                var whole = DataSetReader(transferSyntax: encoding, limits: DataSetReaderLimits(maximumDepth: 4))
                whole.append(bytes)
                whole.finish()
                var chunked = DataSetReader(transferSyntax: encoding, limits: DataSetReaderLimits(maximumDepth: 4))
                var index = 0
                while index < bytes.count {
                    let size = Int.random(in: 1...64, using: &rng)
                    chunked.append(ByteBuffer(bytes: bytes[index..<min(index + size, bytes.count)]))
                    index += size
                }
                chunked.finish()
                XCTAssertEqual(chunked.elements, whole.elements, "round \(round)")
                if case .failed = whole.state { failures += 1 }
                _ = DataSetAttributes(elements: whole.elements)
            }
        }
        // The mutations do reach the error paths.
        XCTAssertGreaterThan(failures, 100)
    }

    func testRandomBytesNeverTrap() {
        var rng = SplitMix64(seed: 7)
        for _ in 0..<2000 {
            let bytes = (0..<Int.random(in: 0...200, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            for encoding in DataSetEncoding.allCases {
                var reader = DataSetReader(transferSyntax: encoding)
                reader.append(bytes)
                reader.finish()
                XCTAssertLessThanOrEqual(reader.elements.count, 100)
            }
        }
    }

    func testNestingDeeperThanTheBoundIsATypedError() {
        // 40 nested undefined-length sequences with undefined-length items, implicit VR.
        var bytes: [UInt8] = []
        for _ in 0..<40 {
            bytes += [0x08, 0x00, 0x40, 0x11, 0xFF, 0xFF, 0xFF, 0xFF, 0xFE, 0xFF, 0x00, 0xE0, 0xFF, 0xFF, 0xFF, 0xFF]
        }
        var reader = DataSetReader(transferSyntax: .implicitVRLittleEndian)
        reader.append(bytes)
        guard case .failed(let error) = reader.state, case .tooDeep = error.reason else {
            return XCTFail("expected tooDeep, got \(reader.state)")
        }
    }

    func testAValueLongerThanItsSequenceIsATypedError() {
        // (0008,1140) SQ length 16 holding an item of length 100 (explicit VR LE).
        let bytes: [UInt8] = [0x08, 0x00, 0x40, 0x11, 0x53, 0x51, 0, 0, 16, 0, 0, 0,
                              0xFE, 0xFF, 0x00, 0xE0, 100, 0, 0, 0]
        var reader = DataSetReader(transferSyntax: .explicitVRLittleEndian)
        reader.append(bytes)
        XCTAssertEqual(reader.state, .failed(DataSetReaderError(.lengthOverrun(100), tag: .item, offset: 20)))
    }

    /// Found by the DataSetReader fuzz target (minimized): a deflate stream whose first block inflates to a few
    /// bytes, then is corrupt. Read whole, the bytes inflated before the corruption were dropped with the error
    /// ("at byte 0"); read in 8-byte chunks they were parsed first. Both now read those bytes, then fail alike.
    func testCorruptDeflateFailsAtTheSameByteWhateverTheChunking() throws {
        let body: [UInt8] = [0xFA, 0x00, 0x05, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00]
        let syntax = try XCTUnwrap(DataSetEncoding(transferSyntaxUID: "1.2.840.10008.1.2.1.99"))
        var whole = DataSetReader(transferSyntax: syntax)
        whole.append(body)
        whole.finish()
        for chunk in [1, 2, 8] {
            var streamed = DataSetReader(transferSyntax: syntax)
            var index = 0
            while index < body.count {
                streamed.append(Array(body[index..<min(body.count, index + chunk)]))
                index += chunk
            }
            streamed.finish()
            XCTAssertEqual(streamed.state, whole.state, "chunk \(chunk)")
            XCTAssertEqual(streamed.elements, whole.elements, "chunk \(chunk)")
            XCTAssertEqual(streamed.findings, whole.findings, "chunk \(chunk)")
            XCTAssertEqual(streamed.bytesRead, whole.bytesRead, "chunk \(chunk)")
        }
        guard case .failed(let error) = whole.state, case .corruptDeflate = error.reason else {
            return XCTFail("expected corruptDeflate, got \(whole.state)")
        }
    }

    /// Found by the DataSetReader fuzz target (minimized): 241 deflated bytes that inflate to more than two 16 KiB
    /// pieces. zlib took in the whole chunk and kept what did not fit; read whole, those bytes never came out and
    /// the data set looked truncated at the end of a 16 KiB piece (a skipped value ran past it); in 16-byte chunks
    /// each next chunk let them out. Both now read
    /// everything zlib inflates.
    func testInflatedBytesZlibHoldsBackAreReadWhateverTheChunking() throws {
        let hex =
            "edddcf6edcd615c771c60d202fda424581a2e86a806cdca0156427b5935d54c7aa05589261c9099a45d145575a1415f2" +
            "00dd0730d0851f212fa09d16790c77a54d1f23bb94f397bc87e792f78e3924ef3ddf9f20cd0cef9f99f0c3438eee28c9" +
            "fdf0f0e0d3f2fbe187f9b7bfa6bfcb5bb6e28f3ffe41c11f7ffc8766007ca9883ffef8e38f3fe5fe06b7ee9f197bff8f" +
            "1d077fcf197b7ca9883ffef8e38f3fe5fe06b79f10003309feb6939c7fcf197bff8f1d077f1a020400f01f22f8e38f7f" +
            "b7bfa6bfcb5bb6e28f3ffe41c11f7ffc8766007ca9883ffef8e38f3ffe06b7ee9f197bff8f1d077f1a0204007f1a0204" +
            "00"
        var body: [UInt8] = []
        var index = hex.startIndex
        while let next = hex.index(index, offsetBy: 2, limitedBy: hex.endIndex), index < hex.endIndex {
            body.append(try XCTUnwrap(UInt8(hex[index..<next], radix: 16)))
            index = next
        }
        XCTAssertEqual(body.count, 241)
        let syntax = try XCTUnwrap(DataSetEncoding(transferSyntaxUID: "1.2.840.10008.1.2.1.99"))
        // The fuzz target's limits.
        let limits = DataSetReaderLimits(prefixBytes: 4096, maximumValueLength: 256, maximumDepth: 6,
                                         maximumElements: 256, stopsAtPixelData: true)
        var whole = DataSetReader(transferSyntax: syntax, limits: limits)
        whole.append(body)
        whole.finish()
        XCTAssertNotEqual(whole.state, .reading)
        for chunk in [1, 16, 100] {
            var streamed = DataSetReader(transferSyntax: syntax, limits: limits)
            var start = 0
            while start < body.count {
                streamed.append(Array(body[start..<min(body.count, start + chunk)]))
                start += chunk
            }
            streamed.finish()
            XCTAssertEqual(streamed.state, whole.state, "chunk \(chunk)")
            XCTAssertEqual(streamed.elements, whole.elements, "chunk \(chunk)")
            XCTAssertEqual(streamed.bytesRead, whole.bytesRead, "chunk \(chunk)")
        }
    }
}
