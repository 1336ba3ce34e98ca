import NIOCore
import TestSupport
import Testing
@testable import DICOMUpperLayer

/// A P-DATA-TF read as TCP delivers it (PS3.8 §9.3.5, Table 9-23; Annex E): for every way of cutting it into three
/// reads, the pieces add up to the items the sender wrote, and a bad item fails as `PDataTF.decode` fails.
@Suite(.timeLimit(.minutes(1)))
struct PDataTFStreamTests {
    /// A command, an odd-length data fragment, an empty one, another, and an empty last one ending the PDU (some
    /// senders end a data set so): the variable field of one PDU.
    static let items: [PresentationDataValue] = [
        PresentationDataValue(presentationContextID: 1, messageControlHeader: .commandLast, fragment: patternBytes(10)),
        PresentationDataValue(presentationContextID: 1, messageControlHeader: .dataMore, fragment: patternBytes(7)),
        PresentationDataValue(presentationContextID: 1, messageControlHeader: .dataMore, fragment: ByteBuffer()),
        PresentationDataValue(presentationContextID: 1, messageControlHeader: .dataMore, fragment: patternBytes(33)),
        PresentationDataValue(presentationContextID: 1, messageControlHeader: .dataLast, fragment: ByteBuffer()),
    ]

    static func field(_ values: [PresentationDataValue]) -> ByteBuffer {
        var buffer = ByteBuffer()
        for value in values { value.encode(into: &buffer) }
        return buffer
    }

    /// Streams `field` cut at `cuts`, with `trailer` after the PDU in the last read; returns the values and what
    /// the reads left over.
    static func stream(_ field: ByteBuffer, cuts: [Int],
                       trailer: [UInt8] = []) throws(UpperLayerError) -> ([PresentationDataValue], [UInt8]) {
        var stream = PDataTFStream(pduLength: field.readableBytes)
        var values: [PresentationDataValue] = []
        var left: [UInt8] = []
        let bounds = [0] + cuts + [field.readableBytes]
        for (index, (start, end)) in zip(bounds, bounds.dropFirst()).enumerated() {
            var read = field.getSlice(at: start, length: end - start)!
            if index == bounds.count - 2 { read.writeBytes(trailer) }
            try stream.take(from: &read, into: &values)
            left += read.readableBytesView
        }
        #expect(stream.isComplete)
        return (values, left)
    }

    /// Joins pieces back into items, checking what each piece says about its place.
    static func rejoined(_ values: [PresentationDataValue]) -> [PresentationDataValue] {
        var items: [PresentationDataValue] = []
        var open: PresentationDataValue?
        for value in values {
            switch value.cut {
            case .whole:
                #expect(open == nil)
                items.append(value)
            case .first(let length):
                #expect(open == nil)
                #expect(!value.messageControlHeader.isLastFragment || value.fragment.readableBytes == length)
                #expect(value.fragment.readableBytes > 0 && value.fragment.readableBytes < length)
                open = value
            case .rest:
                guard var item = open else { Issue.record("a piece without its first"); continue }
                #expect(value.presentationContextID == item.presentationContextID)
                #expect(value.fragment.readableBytes > 0, "no empty pieces")
                var fragment = value.fragment
                item.fragment.writeBuffer(&fragment)
                item.messageControlHeader = value.messageControlHeader
                if case .first(let length) = item.cut, item.fragment.readableBytes == length {
                    item.cut = .whole
                    items.append(item)
                    open = nil
                } else {
                    #expect(!value.messageControlHeader.isLastFragment, "last bit only on an item's last piece")
                    open = item
                }
            }
        }
        #expect(open == nil)
        return items
    }

    @Test func everyCutIntoThreeReadsGivesTheItemsAsSent() throws {
        let field = Self.field(Self.items)
        let count = field.readableBytes
        for first in 0...count {
            for second in first...count {
                let (values, left) = try Self.stream(field, cuts: [first, second], trailer: [0x05, 0x00])
                #expect(Self.rejoined(values) == Self.items, "cut at \(first), \(second)")
                #expect(left == [0x05, 0x00], "the next PDU's bytes stay in the read")
            }
        }
    }

    @Test func aWholeFieldInOneReadIsItsItems() throws {
        let (values, _) = try Self.stream(Self.field(Self.items), cuts: [])
        #expect(values == Self.items)
    }

    /// Random variable fields — well-formed items with random lengths and headers, then a few bytes overwritten
    /// at random — cut at random: the stream gives exactly the items `PDataTF.decode` gives, or the same error.
    @Test func randomFieldsCutAtRandomAgreeWithDecoding() throws {
        var random = SplitMix64(seed: 0x5EED_D1C0)
        var agreed = (items: 0, errors: 0)
        for _ in 0..<3_000 {
            var field = ByteBuffer()
            for _ in 0..<Int.random(in: 1...4, using: &random) {
                let length = Int.random(in: 0...40, using: &random)
                field.writeInteger(UInt32(length + 2))
                field.writeInteger(UInt8.random(in: 1...5, using: &random))
                field.writeInteger(UInt8.random(in: 0...3, using: &random))
                field.writeBytes((0..<length).map { _ in UInt8.random(in: 0...255, using: &random) })
            }
            for _ in 0..<Int.random(in: 0...2, using: &random) {
                let at = Int.random(in: 0..<field.readableBytes, using: &random)
                field.setInteger(UInt8.random(in: 0...255, using: &random), at: at)
            }
            guard field.readableBytes >= 6 else { continue }  // PDUFramer refuses shorter P-DATA-TF PDUs
            let cuts = (0..<Int.random(in: 0...3, using: &random))
                .map { _ in Int.random(in: 0...field.readableBytes, using: &random) }.sorted()
            let decoded = Result { () throws(UpperLayerError) in try PDataTF.decode(body: field).values }
            let streamed = Result { () throws(UpperLayerError) in Self.rejoined(try Self.stream(field, cuts: cuts).0) }
            switch (decoded, streamed) {
            case (.success(let expected), .success(let items)):
                #expect(items == expected, "\(Array(field.readableBytesView)) cut at \(cuts)")
                agreed.items += 1
            case (.failure(let expected), .failure(let error)):
                #expect(error == expected, "\(Array(field.readableBytesView)) cut at \(cuts)")
                agreed.errors += 1
            default:
                Issue.record("decode \(decoded) but stream \(streamed): \(Array(field.readableBytesView)) cut at \(cuts)")
            }
        }
        #expect(agreed.items > 500 && agreed.errors > 500, "both outcomes exercised: \(agreed)")
    }

    @Test func badItemsFailAsDecodingFails() throws {
        let good = Self.field([Self.items[0]])
        let bad: [(String, [UInt8])] = [
            ("item length 1", [0, 0, 0, 1, 1, 0x02]),
            ("item past the PDU", [0, 0, 0, 9, 1, 0x02, 0, 0, 0, 0]),
            ("three bytes left", [0, 0, 0]),
            ("five bytes left", [0, 0, 0, 4, 1]),
            ("four bytes left, length 0", [0, 0, 0, 0]),
        ]
        for (name, tail) in bad {
            var field = good
            field.writeBytes(tail)
            let expected = #expect(throws: UpperLayerError.self) { try PDataTF.decode(body: field) }
            for cut in 0...field.readableBytes {
                let error = #expect(throws: UpperLayerError.self, "\(name), cut at \(cut)") {
                    try Self.stream(field, cuts: [cut])
                }
                #expect(error == expected, "\(name), cut at \(cut)")
            }
        }
    }
}
