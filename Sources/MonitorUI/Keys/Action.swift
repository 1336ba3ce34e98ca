import AssociationEvents
/// Everything a key can ask for. The reducer interprets actions; the key table maps keys to them.
public enum Action: Sendable, Hashable {
    case accept, acceptRemember, reject, rejectRemember, abort, mark, markPeer
    case cyclePolicy, startFilter, toggleFollow, showHelp, quit, forceQuit
    case switchPane, switchPaneBack, selectTab(DetailTab)
    case moveUp, moveDown, pageUp, pageDown, top, bottom
    case toggleContextResult, cycleTransferSyntax, resetContexts, groupContexts
    case dialogUp, dialogDown, dialogToggleResult, dialogConfirm, dialogCancel
    case confirmSwitch, confirmActivate, confirmCancel
    case filterApply, filterCancel, filterDelete
    case helpClose, helpUp, helpDown
}
