import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Plain TCP sockets that connect to the engine and never send a byte: a client that opens connections and
/// leaves them in Sta2. Each socket's source address is bound first (e.g. `127.0.0.2`, still loopback), so the
/// engine sees them coming from another peer than DCMTK's tools on `127.0.0.1`.
final class SilentConnections {
    private(set) var descriptors: [Int32] = []

    /// Opens `count` connections from `source` to `127.0.0.1:port`; throws on the first one that fails.
    init(count: Int, from source: String, port: Int) throws {
        for _ in 0..<count {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard fd >= 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
            descriptors.append(fd)
            var local = sockaddr_in()
            local.sin_family = sa_family_t(AF_INET)
            inet_pton(AF_INET, source, &local.sin_addr)
            var remote = sockaddr_in()
            remote.sin_family = sa_family_t(AF_INET)
            remote.sin_port = in_port_t(UInt16(port).bigEndian)
            inet_pton(AF_INET, "127.0.0.1", &remote.sin_addr)
            let bound = withUnsafePointer(to: &local) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            guard bound == 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
            let connected = withUnsafePointer(to: &remote) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            guard connected == 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        }
    }

    /// `true` when the engine has closed connection `index` (a read returns end of file or an error at once).
    func isClosedByServer(_ index: Int) -> Bool {
        var pollfd = pollfd(fd: descriptors[index], events: Int16(POLLIN), revents: 0)
        guard poll(&pollfd, 1, 0) == 1 else { return false }
        var byte: UInt8 = 0
        return recv(descriptors[index], &byte, 1, Int32(MSG_DONTWAIT)) <= 0
    }

    /// How many of the connections the engine has closed.
    var closedByServerCount: Int { descriptors.indices.filter(isClosedByServer).count }

    /// `closedByServerCount` once it reaches `expected`, or what it is after `timeout`: the engine reports a
    /// connection closed when it starts the close, and the FIN reaches this side a little later.
    func closedByServer(reaching expected: Int, timeout: Duration = .seconds(5)) async -> Int {
        let deadline = ContinuousClock.now + timeout
        var count = closedByServerCount
        while count < expected, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
            count = closedByServerCount
        }
        return count
    }

    func closeAll() {
        for fd in descriptors { close(fd) }
        descriptors.removeAll()
    }

    deinit { closeAll() }
}
