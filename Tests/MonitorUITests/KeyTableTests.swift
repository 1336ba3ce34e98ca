import Testing
@testable import MonitorUI

@Suite struct KeyTableTests {
    @Test func noKeyIsBoundTwiceInOneContext() {
        let conflicts = KeyTable.conflicts()
        #expect(conflicts.isEmpty, "keys bound twice: \(conflicts.map { "\($0.0.rawValue): \($0.1.label)" })")
    }

    @Test func conflictCheckFindsADuplicate() {
        var seen: [KeyContext: Set<Key>] = [:]
        var duplicates = 0
        let doubled = KeyTable.bindings + [KeyBinding([.char("a")], .abort, .main, help: "test")]
        for binding in doubled {
            for key in binding.keys {
                if seen[binding.context]?.contains(key) == true { duplicates += 1 }
                seen[binding.context, default: []].insert(key)
            }
        }
        #expect(duplicates == 1)
    }

    @Test func issueBindingsExist() {
        let expected: [(Key, KeyContext, Action)] = [
            (.char("a"), .main, .accept), (.char("A"), .main, .acceptRemember), (.char("r"), .main, .reject),
            (.char("R"), .main, .rejectRemember), (.char("x"), .main, .abort), (.char("p"), .main, .cyclePolicy),
            (.char("/"), .main, .startFilter), (.tab, .main, .switchPane), (.char("3"), .main, .selectTab(.activity)),
            (.char("j"), .main, .moveDown), (.down, .main, .moveDown), (.char("k"), .main, .moveUp),
            (.pageDown, .main, .pageDown), (.char("g"), .main, .top), (.char("G"), .main, .bottom),
            (.char("f"), .main, .toggleFollow), (.char("?"), .main, .showHelp), (.char("q"), .main, .quit),
            (.space, .contexts, .toggleContextResult), (.char("t"), .contexts, .cycleTransferSyntax),
            (.char("m"), .main, .mark), (.char("M"), .main, .markPeer), (.char("o"), .main, .groupContexts),
        ]
        for (key, context, action) in expected {
            #expect(KeyTable.action(for: key, in: [context]) == action, "\(key.label) in \(context.rawValue)")
        }
    }

    @Test func abortRejectAndQuitAreMarkedDangerous() {
        for action in [Action.abort, .reject, .quit] {
            #expect(KeyTable.bindings.first(where: { $0.action == action })?.dangerous == true)
        }
        #expect(KeyTable.bindings.first(where: { $0.action == .accept })?.dangerous == false)
    }

    @Test func helpOverlayListsEveryBinding() {
        var state = Fixtures.state(size: TerminalSize(columns: 132, rows: 100))
        state.overlay = .help(scroll: 0)
        let text = render(state, state.size).text
        for binding in KeyTable.bindings {
            #expect(text.contains(binding.help), "help lacks \(binding.help)")
        }
    }
}
