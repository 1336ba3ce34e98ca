import DICOMDataSet
import Foundation
import NIOConcurrencyHelpers

/// The scheduled procedure steps of Modality Worklist – FIND (PS3.4 K.6.1): one DICOM Part-10 file per worklist
/// item in `--worklist DIR` (what DCMTK's wlmscpfs reads too, with any file name), or `*.json` files in the DICOM
/// JSON Model (PS3.18 F.2), each one item or an array of items. The folder is read again when
/// a query finds it changed (a file added, removed or rewritten); a folder that does not exist has no items, so
/// every query gets no matches.
public final class WorklistSource: Sendable {
    public let directory: String
    private let cache = NIOLockedValueBox<(signature: [String], items: [AttributeSet])>(([], []))

    /// Files larger than this are not worklist items (a worklist item is a few kilobytes).
    static let maximumFileBytes = 1 << 20

    public init(directory: String) {
        self.directory = directory
    }

    /// The items, read again when the folder changed since the last call.
    var items: [AttributeSet] {
        let (signature, paths) = scan()
        if let items = cache.withLockedValue({ $0.signature == signature ? $0.items : nil }) { return items }
        let limits = DataSetReaderLimits(prefixBytes: Self.maximumFileBytes, maximumValueLength: 64 * 1024,
                                         stopsAtPixelData: true)
        let items = paths.flatMap { path -> [AttributeSet] in
            if path.hasSuffix(".json") {
                guard let handle = FileHandle(forReadingAtPath: path),
                      let data = try? handle.read(upToCount: Self.maximumFileBytes) else { return [] }
                try? handle.close()
                return DICOMJSONReader.read(data) ?? []
            }
            return Part10Reader.read(path: path, limits: limits, maximumFileBytes: Self.maximumFileBytes)
                .map { [AttributeSet(elements: $0)] } ?? []
        }
        cache.withLockedValue { $0 = (signature, items) }
        return items
    }

    /// Regular files of the folder (hidden ones aside), in name order, and a signature of names, sizes and
    /// modification times that changes when any of them does.
    private func scan() -> (signature: [String], paths: [String]) {
        let fm = FileManager.default
        guard let names = try? fm.contentsOfDirectory(atPath: directory) else { return (["absent"], []) }
        var signature: [String] = []
        var paths: [String] = []
        for name in names.sorted() where !name.hasPrefix(".") {
            let path = directory + "/" + name
            guard let attributes = try? fm.attributesOfItem(atPath: path),
                  attributes[.type] as? FileAttributeType == .typeRegular else { continue }
            let size = (attributes[.size] as? NSNumber)?.intValue ?? 0
            let date = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            signature.append("\(name)\t\(size)\t\(date)")
            paths.append(path)
        }
        return (signature, paths)
    }
}
