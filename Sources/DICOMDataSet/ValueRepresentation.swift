/// The value representations of PS3.5 §6.2, Table 6.2-1.
public enum ValueRepresentation: String, Sendable, Hashable, CaseIterable {
    case AE, AS, AT, CS, DA, DS, DT, FD, FL, IS, LO, LT, OB, OD, OF, OL, OV, OW, PN, SH, SL, SQ, SS, ST, SV, TM,
         UC, UI, UL, UN, UR, US, UT, UV

    /// In explicit VR these VRs have two reserved bytes and a 32-bit Value Length; all others a 16-bit one
    /// (PS3.5 §7.1.2, Table 7.1-1 and 7.1-2).
    public var hasLongLength: Bool {
        switch self {
        case .OB, .OD, .OF, .OL, .OV, .OW, .SQ, .SV, .UC, .UN, .UR, .UT, .UV: true
        default: false
        }
    }

    /// Character string VRs whose value is text (PS3.5 §6.2); the others are binary.
    public var isString: Bool {
        switch self {
        case .AE, .AS, .CS, .DA, .DS, .DT, .IS, .LO, .LT, .PN, .SH, .ST, .TM, .UC, .UI, .UR, .UT: true
        default: false
        }
    }

    /// The VRs whose text is in the Specific Character Set (0008,0005) rather than the default repertoire
    /// (PS3.5 §6.1.2.3: SH, LO, UC, ST, LT, UT and PN).
    public var usesSpecificCharacterSet: Bool {
        switch self {
        case .SH, .LO, .UC, .ST, .LT, .UT, .PN: true
        default: false
        }
    }

    /// The value's padding byte (PS3.5 §6.2): NUL for UI and binary VRs, space for the other strings.
    var paddingByte: UInt8 { self == .UI || !isString ? 0 : 0x20 }

    /// Two bytes from the wire, or nil when they are not two upper-case letters naming a PS3.5 VR.
    init?(bytes first: UInt8, _ second: UInt8) {
        guard let known = Self.byCode[UInt16(first) << 8 | UInt16(second)] else { return nil }
        self = known
    }

    /// Every VR by its two characters as a big-endian 16-bit code: read for every element of an explicit VR data
    /// set, so without building a string.
    private static let byCode: [UInt16: ValueRepresentation] = Dictionary(uniqueKeysWithValues: allCases.map { vr in
        let code = Array(vr.rawValue.utf8)
        return (UInt16(code[0]) << 8 | UInt16(code[1]), vr)
    })

    /// The VR of a dictionary entry; where PS3.6 gives several ("US or SS", "OB or OW") the first, which
    /// is the one implicit VR uses for pixel data (OW, PS3.5 §8.1.2 and A.1).
    init?(dictionary: String) {
        if dictionary == "OB or OW" { self = .OW; return }
        guard let first = dictionary.split(separator: " ").first else { return nil }
        self.init(rawValue: String(first))
    }
}
