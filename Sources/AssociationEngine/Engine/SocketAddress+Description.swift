import NIOCore

extension SocketAddress {
    /// An address as the events show it: `ip:port`, `[ipv6]:port`, or NIO's own
    /// text for anything else (a Unix socket).
    var peerDescription: String {
        if let ip = ipAddress, let port {
            return self.protocol == .inet6 ? "[\(ip)]:\(port)" : "\(ip):\(port)"
        }
        return "\(self)"
    }
}
