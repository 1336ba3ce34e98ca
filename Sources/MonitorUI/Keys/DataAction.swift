/// What a key asks of the Data view (a received message's tag tree).
public enum DataAction: Sendable, Hashable {
    case open, close
    case up, down, pageUp, pageDown, top, bottom
    case toggleFold, fold, unfold
    case startSearch, searchNext, searchApply, searchCancel, searchDelete
    case older, newer
}
