/// The events' `peer` and `local` text: `host:port` for IPv4, `[host]:port` for IPv6.
public enum PeerAddress {
    /// The address part of `host:port`, `[v6]:port`, `v6` or `v6%zone` (`10.0.0.5` of `10.0.0.5:4711`, `::1` of
    /// `[::1]:4711`), so that connections from one machine group together whatever their ports.
    public static func host(of peer: String) -> String {
        var s = Substring(peer)
        if s.hasPrefix("["), let close = s.firstIndex(of: "]") {
            s = s[s.index(after: s.startIndex)..<close]
        } else if s.filter({ $0 == ":" }).count == 1, let colon = s.firstIndex(of: ":") {
            s = s[..<colon]
        }
        if let percent = s.firstIndex(of: "%") { s = s[..<percent] }
        return String(s)
    }
}
