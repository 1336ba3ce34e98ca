@testable import AssociationEngine
import DICOMDataSet
import Foundation
import Testing

/// The query index stays within its capacity, and the readers that fill it and the worklist take any bytes.
@Suite struct InstanceIndexTests {
    static func instance(_ number: Int) -> AttributeSet {
        AttributeSet(values: [
            .sopInstanceUID: AttributeValue(vr: .UI, bytes: Array("1.2.3.\(number)".utf8)),
            .patientID: AttributeValue(vr: .LO, bytes: Array("P\(number % 7)".utf8)),
        ])
    }

    @Test func theOldestInstancesAreForgottenPastCapacity() {
        let index = InstanceIndex(capacity: 100)
        for number in 0..<250 { index.add(Self.instance(number)) }
        #expect(index.count == 100)
        let kept = index.snapshot.compactMap { try? $0[.sopInstanceUID]?.text(characterSet: .default).get() }
        #expect(kept.first == "1.2.3.150")
        #expect(kept.last == "1.2.3.249")
        // The same SOP Instance UID again replaces its record, keeping its place.
        index.add(Self.instance(150))
        #expect(index.count == 100)
    }

    @Test func onlyTheIndexedAttributesAreKept() {
        let index = InstanceIndex()
        index.add(elements: [
            DataElement(tag: .sopInstanceUID, vr: .UI, length: 6, depth: 0, offset: 0, value: Array("1.2.34".utf8)),
            DataElement(tag: DICOMTag(0x0018, 0x0050), vr: .DS, length: 2, depth: 0, offset: 14, value: Array("5 ".utf8)),
        ])
        #expect(index.snapshot.first?.values.keys.sorted() == [.sopInstanceUID])
    }

    /// Random bytes, and mutations of a valid header, never trap the Part-10 or DICOM JSON readers.
    @Test func readersTakeAnyBytes() {
        var generator = SystemRandomNumberGenerator()
        var header = [UInt8](repeating: 0, count: 128) + Array("DICM".utf8)
        header += [0x02, 0x00, 0x10, 0x00, 0x55, 0x49, 0x14, 0x00] + Array("1.2.840.10008.1.2.1\0".utf8)
        for round in 0..<2000 {
            var bytes = round % 2 == 0 ? header : []
            bytes += (0..<Int.random(in: 0..<256, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            if round % 4 == 0, !bytes.isEmpty {
                bytes[Int.random(in: 0..<bytes.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
            }
            _ = Part10Reader.read(bytes: bytes, limits: DataSetReaderLimits())
            _ = DICOMJSONReader.read(Data(bytes))
        }
        _ = DICOMJSONReader.read(Data(#"{"00100010":{"vr":"PN","Value":[{"Alphabetic":1}]}}"#.utf8))
        _ = DICOMJSONReader.read(Data(#"[{"00400100":{"vr":"SQ","Value":[[]]}}, 3]"#.utf8))
        #expect(DICOMJSONReader.read(Data(#"{"0010001":{"vr":"PN"}}"#.utf8)) == nil)
        #expect(DICOMJSONReader.read(Data(#"{"00280010":{"vr":"US","Value":[512]}}"#.utf8))?.first?[.rows]?.bytes
            == [0x00, 0x02])
    }
}
