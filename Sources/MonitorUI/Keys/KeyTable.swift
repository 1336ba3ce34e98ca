import AssociationEvents
/// Every key binding of the front, as data (after k9s' action table and mitmproxy's default keys).
public enum KeyTable {
    public static let bindings: [KeyBinding] = main + contexts + rejectDialog + confirm + filter + help
        + dataView + dataSearch

    static let main: [KeyBinding] = [
        KeyBinding([.char("a")], .accept, .main,
                   help: "accept the selected (or marked) requests as shown; tapped: relays the PACS's AC",
                   hint: "accept"),
        KeyBinding([.char("A")], .acceptRemember, .main,
                   help: "accept and remember (add a rule for this calling AE title and peer)"),
        KeyBinding([.char("r")], .reject, .main, help: "reject the selected or marked requests (tapped: the PACS's triple first)",
                   hint: "reject", dangerous: true),
        KeyBinding([.char("R")], .rejectRemember, .main, help: "reject and remember (add a reject rule)",
                   dangerous: true),
        KeyBinding([.char("m")], .mark, .main,
                   help: "mark or unmark the selected request (a, A, r, R then decide all marked)",
                   hint: "mark"),
        KeyBinding([.char("M")], .markPeer, .main,
                   help: "mark every waiting request from the selected one's calling AE title and peer"),
        KeyBinding([.char("x")], .abort, .main, help: "abort the selected association (A-ABORT, asks first)",
                   hint: "abort", dangerous: true),
        KeyBinding([.char("p")], .cyclePolicy, .main, help: "cycle the policy: ask, accept, reject", hint: "policy"),
        KeyBinding([.char("/")], .startFilter, .main, help: "filter by AE title, peer, state or PACS address (\"tap\": every tapped one)", hint: "filter"),
        KeyBinding([.tab], .switchPane, .main, help: "move between the list and the detail pane", hint: "pane"),
        KeyBinding([.backTab], .switchPaneBack, .main, help: "move between the panes, backwards"),
        KeyBinding([.char("1")], .selectTab(.request), .main, help: "Request tab"),
        KeyBinding([.char("2")], .selectTab(.contexts), .main, help: "Contexts tab"),
        KeyBinding([.char("3")], .selectTab(.activity), .main, help: "Activity tab"),
        KeyBinding([.char("4")], .selectTab(.raw), .main, help: "Raw tab"),
        KeyBinding([.char("k"), .up], .moveUp, .main, help: "move up (list, or scroll the detail pane)"),
        KeyBinding([.char("j"), .down], .moveDown, .main, help: "move down (list, or scroll the detail pane)"),
        KeyBinding([.pageUp, .ctrl("b")], .pageUp, .main, help: "page up"),
        KeyBinding([.pageDown, .ctrl("f")], .pageDown, .main, help: "page down"),
        KeyBinding([.char("g"), .home], .top, .main, help: "go to the top"),
        KeyBinding([.char("G"), .end], .bottom, .main, help: "go to the bottom"),
        KeyBinding([.char("d")], .data(.open), .main,
                   help: "Data view: the selected association's last received message as a tag tree", hint: "data"),
        KeyBinding([.char("o")], .groupContexts, .main,
                   help: "group the Contexts tab by outcome (accepted, then each rejection), or not"),
        KeyBinding([.char("f")], .toggleFollow, .main, help: "toggle follow-newest (select each new request)"),
        KeyBinding([.char("?")], .showHelp, .main, help: "show this help", hint: "help"),
        KeyBinding([.char("q")], .quit, .main, help: "quit (asks first while associations are live)", hint: "quit",
                   dangerous: true),
        KeyBinding([.ctrl("c")], .forceQuit, .main, help: "quit now (live associations are aborted)",
                   dangerous: true),
    ]

    static let contexts: [KeyBinding] = [
        KeyBinding([.space], .toggleContextResult, .contexts,
                   help: "toggle the result: accept, then each PS3.8 rejection (tapped: reject or restore)",
                   hint: "toggle"),
        KeyBinding([.char("t")], .cycleTransferSyntax, .contexts, help: "cycle the accepted transfer syntax (not when tapped: the PACS chose it)",
                   hint: "syntax"),
        KeyBinding([.char("u")], .resetContexts, .contexts,
                   help: "undo edits: back to the engine's proposal (tapped: the PACS's answer)",
                   hint: "undo"),
        KeyBinding([.char("k"), .up], .moveUp, .contexts, help: "previous context"),
        KeyBinding([.char("j"), .down], .moveDown, .contexts, help: "next context"),
    ]

    static let rejectDialog: [KeyBinding] = [
        KeyBinding([.up, .char("k")], .dialogUp, .rejectDialog, help: "previous source/reason", hint: "reason"),
        KeyBinding([.down, .char("j")], .dialogDown, .rejectDialog, help: "next source/reason"),
        KeyBinding([.space, .left, .right, .char("h"), .char("l")], .dialogToggleResult, .rejectDialog,
                   help: "toggle result: rejected-permanent / rejected-transient", hint: "result"),
        KeyBinding([.enter], .dialogConfirm, .rejectDialog, help: "send the A-ASSOCIATE-RJ", hint: "reject",
                   dangerous: true),
        KeyBinding([.escape, .char("q")], .dialogCancel, .rejectDialog, help: "cancel", hint: "cancel"),
    ]

    static let confirm: [KeyBinding] = [
        KeyBinding([.tab, .left, .right, .char("h"), .char("l")], .confirmSwitch, .confirm,
                   help: "move the focus between Cancel and the action", hint: "focus"),
        KeyBinding([.enter], .confirmActivate, .confirm, help: "press the focused button", hint: "press"),
        KeyBinding([.escape, .char("n"), .char("q")], .confirmCancel, .confirm, help: "cancel", hint: "cancel"),
    ]

    static let filter: [KeyBinding] = [
        KeyBinding([.enter], .filterApply, .filter, help: "keep the filter", hint: "apply"),
        KeyBinding([.escape], .filterCancel, .filter, help: "clear the filter", hint: "clear"),
        KeyBinding([.backspace], .filterDelete, .filter, help: "delete a character"),
    ]

    static let help: [KeyBinding] = [
        KeyBinding([.escape, .char("?"), .char("q")], .helpClose, .help, help: "close the help", hint: "close"),
        KeyBinding([.up, .char("k")], .helpUp, .help, help: "scroll up", hint: "scroll"),
        KeyBinding([.down, .char("j")], .helpDown, .help, help: "scroll down"),
    ]

    static let dataView: [KeyBinding] = [
        KeyBinding([.enter, .space], .data(.toggleFold), .dataView, help: "fold or unfold the sequence or item",
                   hint: "fold"),
        KeyBinding([.left, .char("h")], .data(.fold), .dataView, help: "fold the sequence or item"),
        KeyBinding([.right, .char("l")], .data(.unfold), .dataView, help: "unfold the sequence or item"),
        KeyBinding([.char("/")], .data(.startSearch), .dataView, help: "search by keyword or tag", hint: "search"),
        KeyBinding([.char("n")], .data(.searchNext), .dataView, help: "next match of the search", hint: "next"),
        KeyBinding([.char("[")], .data(.older), .dataView, help: "the association's previous received message",
                   hint: "prev"),
        KeyBinding([.char("]")], .data(.newer), .dataView, help: "the association's next received message"),
        KeyBinding([.char("k"), .up], .data(.up), .dataView, help: "previous entry"),
        KeyBinding([.char("j"), .down], .data(.down), .dataView, help: "next entry"),
        KeyBinding([.pageUp, .ctrl("b")], .data(.pageUp), .dataView, help: "page up"),
        KeyBinding([.pageDown, .ctrl("f")], .data(.pageDown), .dataView, help: "page down"),
        KeyBinding([.char("g"), .home], .data(.top), .dataView, help: "first entry"),
        KeyBinding([.char("G"), .end], .data(.bottom), .dataView, help: "last entry"),
        KeyBinding([.escape, .char("q")], .data(.close), .dataView, help: "close the Data view", hint: "close"),
        KeyBinding([.char("?")], .showHelp, .dataView, help: "show the help", hint: "help"),
        KeyBinding([.ctrl("c")], .forceQuit, .dataView, help: "quit now (live associations are aborted)",
                   dangerous: true),
    ]

    static let dataSearch: [KeyBinding] = [
        KeyBinding([.enter], .data(.searchApply), .dataSearch, help: "go to the first match", hint: "find"),
        KeyBinding([.escape], .data(.searchCancel), .dataSearch, help: "stop searching", hint: "cancel"),
        KeyBinding([.backspace], .data(.searchDelete), .dataSearch, help: "delete a character"),
    ]

    /// The action for `key` in the first of `contexts` that binds it.
    public static func action(for key: Key, in contexts: [KeyContext]) -> Action? {
        for context in contexts {
            if let binding = bindings.first(where: { $0.context == context && $0.keys.contains(key) }) {
                return binding.action
            }
        }
        return nil
    }

    /// Keys bound more than once within one context (must be empty; a test checks it).
    public static func conflicts() -> [(KeyContext, Key)] {
        var seen: [KeyContext: [Key: Action]] = [:]
        var out: [(KeyContext, Key)] = []
        for binding in bindings {
            for key in binding.keys {
                if seen[binding.context]?[key] != nil { out.append((binding.context, key)) }
                seen[binding.context, default: [:]][key] = binding.action
            }
        }
        return out
    }
}
