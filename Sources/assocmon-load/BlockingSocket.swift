import Glibc

/// A blocking TCP connection to 127.0.0.1 with `TCP_NODELAY` and send/receive timeouts
/// (`SO_SNDTIMEO`/`SO_RCVTIMEO`, which on Linux also bound `connect`).
///
/// Plain POSIX calls and nothing else, so that the client costs the same against every server and its own
/// overhead stays small next to theirs. Sends use `MSG_NOSIGNAL`: a server that closes mid-send becomes an
/// error, not a SIGPIPE.
final class BlockingSocket {
    let fd: Int32
    let timeoutSeconds: Int

    init(port: UInt16, timeoutSeconds: Int) throws(LoadError) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw .system(operation: "socket", errno: errno) }
        self.fd = fd
        self.timeoutSeconds = timeoutSeconds
        var one: Int32 = 1
        // TCP_NODELAY (netinet/tcp.h) is 1 on Linux; DICOM request/response traffic is latency bound.
        _ = setsockopt(fd, Int32(IPPROTO_TCP), 1, &one, socklen_t(MemoryLayout<Int32>.size))
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        _ = setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        _ = setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        if result != 0 {
            let code = errno
            close(fd)
            if code == EINPROGRESS || code == EAGAIN { throw .timedOut(operation: "connect to 127.0.0.1:\(port)", seconds: timeoutSeconds) }
            throw .system(operation: "connect to 127.0.0.1:\(port)", errno: code)
        }
    }

    deinit { close(fd) }

    /// Sends every byte or throws.
    func sendAll(_ bytes: UnsafeRawBufferPointer) throws(LoadError) {
        guard var pointer = bytes.baseAddress else { return }
        var remaining = bytes.count
        while remaining > 0 {
            let sent = send(fd, pointer, remaining, Int32(MSG_NOSIGNAL))
            if sent < 0 {
                let code = errno
                if code == EINTR { continue }
                if code == EAGAIN || code == EWOULDBLOCK { throw .timedOut(operation: "send", seconds: timeoutSeconds) }
                throw .system(operation: "send", errno: code)
            }
            pointer += sent
            remaining -= sent
        }
    }

    /// Receives what is available (blocking until something is); 0 means the server closed the connection.
    func receive(into buffer: UnsafeMutableRawBufferPointer) throws(LoadError) -> Int {
        while true {
            let count = recv(fd, buffer.baseAddress, buffer.count, 0)
            if count >= 0 { return count }
            let code = errno
            if code == EINTR { continue }
            if code == EAGAIN || code == EWOULDBLOCK { throw .timedOut(operation: "receive", seconds: timeoutSeconds) }
            throw .system(operation: "receive", errno: code)
        }
    }
}
