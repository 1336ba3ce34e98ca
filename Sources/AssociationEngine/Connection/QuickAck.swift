import NIOCore
#if canImport(Glibc)
import Glibc
#endif

/// Acknowledges what arrived at once instead of after the delayed-ACK timer (`TCP_QUICKACK`, Linux tcp(7)).
///
/// A requestor that leaves Nagle's algorithm on (pynetdicom does) writes a C-STORE-RQ's command set, then holds the
/// data set's first P-DATA-TF until that command is acknowledged; the receiving kernel delays the ACK (up to 40 ms)
/// because the SCP has nothing to send back before the data set. Every C-STORE then takes 40 ms however small it
/// is: 46 ms per C-STORE from a pynetdicom requestor to assocmon, 44 ms to DCMTK's storescp, on loopback. DCMTK's
/// own tools without `TCP_NODELAY` write each PDU's 12 header bytes first and hold the body the same way. So when a
/// read ends inside a PDU (`InboundFraming`) or with a command set whose data set has not begun, the ACK is sent at
/// once. The kernel leaves quick-ACK mode by itself, so this is asked again at each such point: one
/// `setsockopt(2)` per such read, none in a ping-pong of whole PDUs.
enum QuickAck {
    static func request(on channel: any Channel) {
        #if os(Linux)
        _ = try? channel.syncOptions?.setOption(.tcpOption(.init(rawValue: CInt(TCP_QUICKACK))), value: 1)
        #endif
    }
}
