import Foundation
import Testing
@testable import MonitorUI

/// Compares a rendered screen with `Snapshots/<name>.txt` beside this file: the characters, a frame line, then
/// the style runs (roles and attributes), so colour and monochrome differ. `SNAPSHOT_RECORD=1` re-records.
func assertSnapshot(_ buffer: ScreenBuffer, named name: String, sourceLocation: SourceLocation = #_sourceLocation,
                    file: StaticString = #filePath) {
    let directory = URL(fileURLWithPath: "\(file)").deletingLastPathComponent().appendingPathComponent("Snapshots")
    let url = directory.appendingPathComponent("\(name).txt")
    let actual = "\(buffer.columns)x\(buffer.rows)\n" + buffer.text + "\n--- styles ---\n" + buffer.styleRuns + "\n"
    if ProcessInfo.processInfo.environment["SNAPSHOT_RECORD"] == "1" {
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        do { try actual.write(to: url, atomically: true, encoding: .utf8) } catch {
            Issue.record("could not record \(url.path): \(error)", sourceLocation: sourceLocation)
        }
        return
    }
    guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
        Issue.record("no snapshot \(url.path); run with SNAPSHOT_RECORD=1 to record it", sourceLocation: sourceLocation)
        return
    }
    if expected != actual {
        let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
        let line = (0..<min(e.count, a.count)).first(where: { e[$0] != a[$0] }) ?? min(e.count, a.count)
        let want = line < e.count ? String(e[line]) : "<end>"
        let got = line < a.count ? String(a[line]) : "<end>"
        let report = "snapshot \(name) differs at line \(line + 1):\n  expected: \(want)\n  actual:   \(got)\n"
            + "(SNAPSHOT_RECORD=1 re-records)\n" + buffer.text
        Issue.record(Comment(rawValue: report), sourceLocation: sourceLocation)
    }
}
