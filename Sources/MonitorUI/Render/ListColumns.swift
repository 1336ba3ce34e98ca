import AssociationEvents
/// Column widths of the list pane for a terminal width; the AE-title column takes what is left.
struct ListColumns {
    let id = 5
    let time: Int
    let peer: Int
    let aes: Int
    let state = 19
    let contexts = 7
    let messages = 6
    let bytes = 8

    init(width: Int) {
        time = width >= 100 ? 8 : 0
        peer = width >= 120 ? 21 : 15
        let fixed = 1 + id + 1 + (time > 0 ? time + 1 : 0) + peer + 1 + 1 + state + 1 + contexts + 1 + messages + 1 + bytes
        aes = max(9, width - fixed)
    }

    /// The header row's titles, laid out like a row.
    func header(ellipsis: String, arrow: String) -> String {
        row(id: "#", time: "time", peer: "peer", aes: "calling\(arrow)called AE", state: "state", contexts: "ctx",
            messages: "msgs", bytes: "bytes", ellipsis: ellipsis)
    }

    func row(id: String, time: String, peer: String, aes: String, state: String, contexts: String, messages: String,
             bytes: String, ellipsis: String) -> String {
        var parts = [" " + Format.fit(id, self.id, ellipsis: ellipsis, right: true)]
        if self.time > 0 { parts.append(Format.fit(time, self.time, ellipsis: ellipsis)) }
        parts += [
            Format.fit(peer, self.peer, ellipsis: ellipsis),
            Format.fit(aes, self.aes, ellipsis: ellipsis),
            Format.fit(state, self.state, ellipsis: ellipsis),
            Format.fit(contexts, self.contexts, ellipsis: ellipsis, right: true),
            Format.fit(messages, self.messages, ellipsis: ellipsis, right: true),
            Format.fit(bytes, self.bytes, ellipsis: ellipsis, right: true),
        ]
        return parts.joined(separator: " ")
    }

    /// Where the state column starts (for colouring it).
    var stateColumn: Int { 1 + id + 1 + (time > 0 ? time + 1 : 0) + peer + 1 + aes + 1 }
}
