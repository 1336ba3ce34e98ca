import DICOMUpperLayer
import NIOCore

/// One thing the channel handler must do as part of an action, with everything it needs to do it. The state
/// machine performs no I/O and reads no clock of its own; the handler executes these in order (the hummingbird
/// `HTTPConnectionStateHandler` shape).
public enum AssociationEffect: Sendable, Equatable {
    /// AE-1: issue a TRANSPORT CONNECT request (open the TCP connection to the acceptor).
    case connect
    /// Send this PDU (A-ASSOCIATE-RQ/AC/RJ, A-RELEASE-RQ/RP, A-ABORT).
    case send(PDU)
    /// DT-1 / AR-7: send these P-DATA-TF PDUs, already fragmented within the peer's Maximum Length (PS3.8 D.1).
    case sendPData(ByteBuffer)
    /// Start, or restart, the ARTIM timer (PS3.8 §9.1.5); Evt18 is due at `deadline`.
    case startARTIM(deadline: NIODeadline)
    case stopARTIM
    /// Issue this primitive to the service user.
    case indicate(AssociationIndication)
    /// Close the transport connection.
    case closeTransport
    /// AA-6: the PDU is ignored.
    case ignorePDU
}
