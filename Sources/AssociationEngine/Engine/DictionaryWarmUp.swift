import DICOMDataSet
import DICOMUpperLayer
import Foundation

/// Builds the data element and UID dictionaries (PS3.6 §6 and Annex A) while the engine starts, on a thread of
/// their own, instead of on an event loop when the first data set or UID is read.
///
/// Both are parsed from their generated text on first use: about 25 ms of one core for the 5,179 data elements
/// (`perf record`: 2.9 % of the event loop's samples over three runs of 500 C-STOREs). Left lazy, that time fell
/// on whichever association first sent a data set, stalling every connection on its loop meanwhile. A lookup
/// that comes while the thread is still parsing waits for it (Swift's lazy globals are initialized once).
enum DictionaryWarmUp {
    static func start() {
        Thread.detachNewThread {
            _ = TagDictionary.allowedVRs(for: DICOMTag(0x0010, 0x0010))
            _ = UIDDictionary.entry(for: "1.2.840.10008.1.1")
        }
    }
}
