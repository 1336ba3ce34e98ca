import AssociationEvents
import Foundation
import Testing
@testable import MonitorUI

/// The curses loop's frame pacing: a person's input is drawn within a short frame, engine activity at most ten
/// times a second, and nothing is drawn when nothing changed.
@Suite struct FramePacerTests {
    let start = Date(timeIntervalSince1970: 1_000_000)

    @Test func nothingPendingMeansNoFrameAndNoDeadline() {
        var pacer = FramePacer()
        pacer.drew(at: start)
        #expect(!pacer.frameDue(at: start.addingTimeInterval(5)))
        #expect(pacer.wait(at: start.addingTimeInterval(5)) == nil)
    }

    @Test func engineActivityIsDrawnAtMostTenTimesASecond() {
        var pacer = FramePacer()
        pacer.drew(at: start)
        pacer.note(.tick(start))
        #expect(!pacer.frameDue(at: start.addingTimeInterval(0.05)))
        #expect(abs((pacer.wait(at: start.addingTimeInterval(0.05)) ?? -1) - 0.05) < 1e-6)
        #expect(pacer.frameDue(at: start.addingTimeInterval(0.1)))
        // A stream of events: one frame per interval, whatever the number of events in between.
        var frames = 0
        var now = start
        for step in 1...1050 {  // one event a millisecond for a little more than a second
            now = start.addingTimeInterval(Double(step) / 1000)
            pacer.note(.event(.connectionClosed(ConnectionClosed(association: step, time: now, state: .sta1))))
            if pacer.frameDue(at: now) { pacer.drew(at: now); frames += 1 }
        }
        #expect(frames == 10)
    }

    @Test func aKeyIsDrawnWithinAThirtiethOfASecond() {
        var pacer = FramePacer()
        pacer.drew(at: start)
        pacer.note(.key(.down))
        #expect(!pacer.frameDue(at: start.addingTimeInterval(0.02)))
        #expect(pacer.frameDue(at: start.addingTimeInterval(0.034)))
        // A key after engine activity shortens the wait to the input interval.
        pacer.drew(at: start)
        pacer.note(.tick(start))
        pacer.note(.resize(TerminalSize(columns: 100, rows: 30)))
        #expect(pacer.frameDue(at: start.addingTimeInterval(0.04)))
        pacer.drew(at: start.addingTimeInterval(0.04))
        #expect(!pacer.frameDue(at: start.addingTimeInterval(1)))
    }

    /// Frames that cost more than the activity budget at ten a second are drawn for engine activity less often, no
    /// less than twice a second; a key is still drawn within a thirtieth of a second.
    @Test func costlyFramesAreDrawnLessOftenForActivityButNotForKeys() {
        var pacer = FramePacer()
        for step in 0..<20 { pacer.drew(at: start.addingTimeInterval(Double(step)), cost: 0.003) }
        #expect(abs(pacer.currentActivityInterval - 0.3) < 1e-3)  // 3 ms at 1 % of a core
        let last = start.addingTimeInterval(19)
        pacer.note(.tick(last))
        #expect(!pacer.frameDue(at: last.addingTimeInterval(0.2)))
        #expect(pacer.frameDue(at: last.addingTimeInterval(0.301)))
        pacer.note(.key(.down))
        #expect(pacer.frameDue(at: last.addingTimeInterval(0.034)))
        for step in 0..<20 { pacer.drew(at: last.addingTimeInterval(Double(step)), cost: 0.05) }
        #expect(pacer.currentActivityInterval == pacer.longestActivityInterval)
        for step in 0..<40 { pacer.drew(at: last.addingTimeInterval(Double(step)), cost: 0.0002) }
        #expect(abs(pacer.currentActivityInterval - pacer.activityInterval) < 1e-9)
    }
}
