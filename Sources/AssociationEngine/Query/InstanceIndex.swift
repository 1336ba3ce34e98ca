import DICOMDataSet
import Foundation
import NIOConcurrencyHelpers
import NIOCore

/// What assocmon has stored, for Patient Root and Study Root Query/Retrieve – FIND (PS3.4 C.6.1, C.6.2): per
/// instance, the attributes of the four levels' keys (C.6.1.1.2–C.6.1.1.5) read from its data set while it was
/// stored, and rebuilt from the storage directory at start.
///
/// Bounded in memory: at most `capacity` instances (about 2.3 KiB each: 10,000 took 23 MiB), the oldest forgotten
/// first. Thread-safe; a query works on a snapshot.
public final class InstanceIndex: Sendable {
    public let capacity: Int
    private let state: NIOLockedValueBox<State>

    private struct State {
        var records: [String: AttributeSet] = [:]
        var order = CircularBuffer<String>()
    }

    /// 20,000 instances: about 46 MiB at most.
    public static let defaultCapacity = 20_000

    public init(capacity: Int = InstanceIndex.defaultCapacity) {
        self.capacity = max(1, capacity)
        state = NIOLockedValueBox(State())
    }

    /// The attributes kept per instance: Patient (C.6.1.1.2), Study (C.6.1.1.3), Series (C.6.1.1.4) and
    /// Composite Object Instance (C.6.1.1.5) level keys, plus Specific Character Set to decode them.
    static let indexedTags: Set<DICOMTag> = [
        .specificCharacterSet,
        // Patient
        .patientName, .patientID, DICOMTag(0x0010, 0x0021), DICOMTag(0x0010, 0x0030), DICOMTag(0x0010, 0x0040),
        // Study
        .studyDate, DICOMTag(0x0008, 0x0030), DICOMTag(0x0008, 0x0050), DICOMTag(0x0020, 0x0010),
        .studyInstanceUID, DICOMTag(0x0008, 0x0090), .studyDescription,
        // Series
        .modality, .seriesNumber, .seriesInstanceUID, DICOMTag(0x0008, 0x103E), DICOMTag(0x0018, 0x0015),
        // Image
        .instanceNumber, .sopInstanceUID, .sopClassUID, DICOMTag(0x0008, 0x0023), DICOMTag(0x0008, 0x0033),
        .rows, .columns, .numberOfFrames,
    ]

    /// Adds (or replaces, by SOP Instance UID) one stored instance, from the elements its data set's reader listed.
    func add(elements: [DataElement]) {
        add(AttributeSet(elements: elements) { Self.indexedTags.contains($0) })
    }

    func add(_ attributes: AttributeSet) {
        guard let uid = attributes[.sopInstanceUID],
              case .success(let key) = uid.text(characterSet: .default), !key.isEmpty else { return }
        state.withLockedValue { state in
            if state.records.updateValue(attributes, forKey: key) == nil { state.order.append(key) }
            while state.records.count > capacity, let oldest = state.order.popFirst() {
                state.records[oldest] = nil
            }
        }
    }

    var count: Int { state.withLockedValue { $0.records.count } }

    /// The instances, oldest first.
    var snapshot: [AttributeSet] {
        state.withLockedValue { state in state.order.compactMap { state.records[$0] } }
    }

    /// Reads every `*.dcm` of `directory/<calling AE>/` (the layout `StorageWriter` writes), newest last, so that a
    /// full index keeps the most recent. Returns the number of files indexed.
    @discardableResult
    public func rebuild(from directory: String) -> Int {
        let fm = FileManager.default
        guard let folders = try? fm.contentsOfDirectory(atPath: directory) else { return 0 }
        var files: [(path: String, date: Date)] = []
        for folder in folders where !folder.hasPrefix(".") {
            let path = directory + "/" + folder
            guard let names = try? fm.contentsOfDirectory(atPath: path) else { continue }
            for name in names where name.hasSuffix(".dcm") {
                let file = path + "/" + name
                let attributes = try? fm.attributesOfItem(atPath: file)
                files.append((file, attributes?[.modificationDate] as? Date ?? .distantPast))
            }
        }
        files.sort { $0.date < $1.date }
        var indexed = 0
        for file in files.suffix(capacity) {
            guard let elements = Part10Reader.read(path: file.path, limits: DataSetReaderLimits(),
                                                   maximumFileBytes: 132 + 4096 + 64 * 1024) else { continue }
            add(elements: elements)
            indexed += 1
        }
        return indexed
    }
}
