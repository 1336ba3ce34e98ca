/// One sub-item of the User Information item 0x50 (PS3.8 Annex D, PS3.7 Annex D.3.3).
///
/// Kept in wire order inside `UserInformation.subItems`; unknown types are kept raw and re-encoded unchanged.
public enum UserInformationSubItem: Sendable, Equatable, Hashable {
    /// 0x51 Maximum Length (PS3.8 D.1): the largest P-DATA-TF PDU-length the sender will receive; 0 = unlimited.
    case maximumLength(UInt32)
    /// 0x52 Implementation Class UID (PS3.7 D.3.3.2).
    case implementationClassUID(String)
    /// 0x53 Asynchronous Operations Window (PS3.7 D.3.3.3).
    case asynchronousOperationsWindow(AsynchronousOperationsWindow)
    /// 0x54 SCP/SCU Role Selection (PS3.7 D.3.3.4).
    case roleSelection(SCPSCURoleSelection)
    /// 0x55 Implementation Version Name (PS3.7 D.3.3.2), kept exactly as received.
    case implementationVersionName(String)
    /// 0x56 SOP Class Extended Negotiation (PS3.7 D.3.3.5).
    case sopClassExtendedNegotiation(SOPClassExtendedNegotiation)
    /// 0x57 SOP Class Common Extended Negotiation (PS3.7 D.3.3.6).
    case sopClassCommonExtendedNegotiation(SOPClassCommonExtendedNegotiation)
    /// 0x58 User Identity Negotiation, RQ (PS3.7 D.3.3.7.1).
    case userIdentityRQ(UserIdentityNegotiationRQ)
    /// 0x59 User Identity Negotiation, AC (PS3.7 D.3.3.7.2).
    case userIdentityAC(UserIdentityNegotiationAC)
    /// Any other type: header byte 2 and value kept as received.
    case unknown(type: UInt8, reserved: UInt8, value: [UInt8])

    /// The sub-item type byte.
    public var itemType: UInt8 {
        switch self {
        case .maximumLength: 0x51
        case .implementationClassUID: 0x52
        case .asynchronousOperationsWindow: 0x53
        case .roleSelection: 0x54
        case .implementationVersionName: 0x55
        case .sopClassExtendedNegotiation: 0x56
        case .sopClassCommonExtendedNegotiation: 0x57
        case .userIdentityRQ: 0x58
        case .userIdentityAC: 0x59
        case .unknown(let type, _, _): type
        }
    }
}
