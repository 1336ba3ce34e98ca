import AssociationEvents
import Foundation
import NIOCore

extension AssociationEngine {
    /// A rule was just remembered (the rule on `line` of the rule set): requests already waiting in Sta3 that it
    /// decides — as it would decide them had they arrived now — are answered at once with `decidedBy` rule, on
    /// their own event loops. `rule-added` follows, with how many it decided, so a person working a queue of
    /// requests from one peer decides them all with one key. `except` is the request whose decision added it.
    func applyRememberedRule(_ rule: String, line: Int, except: Int) {
        let others = shared.withLockedValue { state in
            state.connections.entries.filter { $0.key != except }.map(\.value.handle)
        }
        let decided: [EventLoopFuture<Bool>] = others.map { handle in
            let handler = handle.handler
            return handle.eventLoop.submit { handler.value.applyRule(onLine: line) }
        }
        EventLoopFuture.whenAllComplete(decided, on: group.next()).whenSuccess { [self] results in
            let count = results.reduce(0) { count, result in (try? result.get()) == true ? count + 1 : count }
            if count > 0 { logger.info("rule \(rule) decided \(count) waiting request(s)") }
            emit(.ruleAdded(RuleAdded(rule: rule, saved: false, decidedWaiting: count, time: Date())))
        }
    }
}
