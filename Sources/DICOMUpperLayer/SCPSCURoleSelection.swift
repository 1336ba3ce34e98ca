/// SCP/SCU Role Selection sub-item 0x54 (PS3.7 Annex D.3.3.4).
///
/// Wire order after the UID: SCU-role byte, then SCP-role byte. In an RQ, 1 = the requestor proposes that role;
/// in an AC, 1 = the acceptor accepts it. The acceptor may not answer 1 where the requestor sent 0.
public struct SCPSCURoleSelection: Sendable, Equatable, Hashable {
    public var sopClassUID: String
    /// Raw byte, 0 or 1 when valid (kept raw so a peer's odd value can be shown).
    public var scuRole: UInt8
    /// Raw byte, 0 or 1 when valid.
    public var scpRole: UInt8

    public init(sopClassUID: String, scuRole: UInt8, scpRole: UInt8) {
        self.sopClassUID = sopClassUID
        self.scuRole = scuRole
        self.scpRole = scpRole
    }

    public init(sopClassUID: String, scu: Bool, scp: Bool) {
        self.init(sopClassUID: sopClassUID, scuRole: scu ? 1 : 0, scpRole: scp ? 1 : 0)
    }

    public var scu: Bool { scuRole != 0 }
    public var scp: Bool { scpRole != 0 }
}
