import NIOCore

extension SocketAddress {
    /// An address as the events show it: `ip:port`, `[ipv6]:port`, or NIO's own
    /// text for anything else (a Unix socket).
    var peerDescription: String {
        peerDescription(ipAddress: ipAddress)
    }

    /// `peerDescription` from an `ipAddress` the caller already has (each `ipAddress` is an inet_ntop(3) call).
    func peerDescription(ipAddress ip: String?) -> String {
        if let ip, let port {
            return self.protocol == .inet6 ? "[\(ip)]:\(port)" : "\(ip):\(port)"
        }
        return "\(self)"
    }
}
