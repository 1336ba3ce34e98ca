/// How a data set is encoded on the wire, from its transfer syntax (PS3.5 §10 and Annex A).
public enum DataSetEncoding: String, Sendable, Equatable, CaseIterable {
    /// 1.2.840.10008.1.2 (PS3.5 A.1).
    case implicitVRLittleEndian
    /// 1.2.840.10008.1.2.1 (PS3.5 A.2), and every encapsulated transfer syntax (PS3.5 A.4: the data set is
    /// Explicit VR Little Endian, only the Pixel Data is compressed).
    case explicitVRLittleEndian
    /// 1.2.840.10008.1.2.2 (PS3.5 A.3, retired).
    case explicitVRBigEndian
    /// 1.2.840.10008.1.2.1.99 (PS3.5 A.5): Explicit VR Little Endian compressed with deflate (RFC 1951).
    case deflatedExplicitVRLittleEndian

    public static let implicitVRLittleEndianUID = "1.2.840.10008.1.2"
    public static let explicitVRLittleEndianUID = "1.2.840.10008.1.2.1"
    public static let explicitVRBigEndianUID = "1.2.840.10008.1.2.2"
    public static let deflatedExplicitVRLittleEndianUID = "1.2.840.10008.1.2.1.99"

    /// The encoding of `uid`, or nil for a transfer syntax that is not a PS3.5 §10 one whose data set encoding is
    /// known (private or unknown UIDs, JPIP referenced pixel data is still explicit VR LE and is included).
    public init?(transferSyntaxUID uid: String) {
        // A UID padded to even length (PS3.5 §9.1) ends at its first NUL or space; bytes, not Characters: no
        // grapheme breaking for an ASCII value looked up for every message.
        let uid = uid.utf8.contains(where: { $0 == 0 || $0 == 0x20 })
            ? String(decoding: uid.utf8.prefix { $0 != 0 && $0 != 0x20 }, as: UTF8.self) : uid
        switch uid {
        case Self.implicitVRLittleEndianUID: self = .implicitVRLittleEndian
        case Self.explicitVRLittleEndianUID: self = .explicitVRLittleEndian
        case Self.explicitVRBigEndianUID: self = .explicitVRBigEndian
        case Self.deflatedExplicitVRLittleEndianUID: self = .deflatedExplicitVRLittleEndian
        default:
            // Encapsulated (1.2.840.10008.1.2.4.x, .1.2.5 RLE, .1.2.1.98) and deflated image frame syntaxes
            // (1.2.840.10008.1.2.8.x) encode the data set in Explicit VR Little Endian (PS3.5 §10 and A.4).
            let encapsulated = ["1.2.840.10008.1.2.4.", "1.2.840.10008.1.2.5", "1.2.840.10008.1.2.1.98",
                                "1.2.840.10008.1.2.8."]
            guard encapsulated.contains(where: { uid == $0 || (uid.hasPrefix($0) && $0.hasSuffix(".")) }) else {
                return nil
            }
            self = .explicitVRLittleEndian
        }
    }

    public var isExplicitVR: Bool { self != .implicitVRLittleEndian }
    public var isBigEndian: Bool { self == .explicitVRBigEndian }

    /// The PS3.6 name, for findings.
    public var name: String {
        switch self {
        case .implicitVRLittleEndian: "Implicit VR Little Endian"
        case .explicitVRLittleEndian: "Explicit VR Little Endian"
        case .explicitVRBigEndian: "Explicit VR Big Endian"
        case .deflatedExplicitVRLittleEndian: "Deflated Explicit VR Little Endian"
        }
    }
}
