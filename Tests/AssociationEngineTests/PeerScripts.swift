import Foundation

/// The python peers under `peers/` (pynetdicom and pydicom scripts), read from the source tree: they are not
/// resources of the test bundle.
enum PeerScripts {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("peers").path
}
