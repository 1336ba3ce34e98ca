/// The DICOM File Meta Information of a Part-10 file (PS3.10 §7.1, Table 7.1-1), and its encoding together with
/// the 128-byte preamble and the `DICM` prefix.
///
/// Group 0002 is always Explicit VR Little Endian whatever the data set's transfer syntax (PS3.10 §7.1). For a
/// file received by C-STORE the values come from the command and the association (PS3.4 §B.4.1):
/// media storage SOP class ← Affected SOP Class UID (0000,0002), media storage SOP instance ← Affected SOP Instance
/// UID (0000,1000), transfer syntax ← the presentation context's accepted transfer syntax, source AE title ← the
/// calling AE title (as DCMTK's storescp does). The calling and called AE titles are also written to the newer, more
/// precise (0002,0017) Sending and (0002,0018) Receiving Application Entity Title.
public struct FileMetaInformation: Sendable, Equatable {
    /// (0002,0002) Media Storage SOP Class UID.
    public var mediaStorageSOPClassUID: String
    /// (0002,0003) Media Storage SOP Instance UID.
    public var mediaStorageSOPInstanceUID: String
    /// (0002,0010) Transfer Syntax UID of the data set that follows.
    public var transferSyntaxUID: String
    /// (0002,0012) Implementation Class UID.
    public var implementationClassUID: String
    /// (0002,0013) Implementation Version Name, omitted when `nil` or empty.
    public var implementationVersionName: String?
    /// (0002,0016) Source Application Entity Title, omitted when `nil` or blank.
    public var sourceApplicationEntityTitle: String?
    /// (0002,0017) Sending Application Entity Title (the peer that sent the data set), omitted when `nil` or blank.
    public var sendingApplicationEntityTitle: String?
    /// (0002,0018) Receiving Application Entity Title (the called AE title), omitted when `nil` or blank.
    public var receivingApplicationEntityTitle: String?

    public init(mediaStorageSOPClassUID: String, mediaStorageSOPInstanceUID: String, transferSyntaxUID: String,
                implementationClassUID: String = AssocmonImplementation.classUID,
                implementationVersionName: String? = AssocmonImplementation.versionName,
                sourceApplicationEntityTitle: String? = nil, sendingApplicationEntityTitle: String? = nil,
                receivingApplicationEntityTitle: String? = nil) {
        self.mediaStorageSOPClassUID = mediaStorageSOPClassUID
        self.mediaStorageSOPInstanceUID = mediaStorageSOPInstanceUID
        self.transferSyntaxUID = transferSyntaxUID
        self.implementationClassUID = implementationClassUID
        self.implementationVersionName = implementationVersionName
        self.sourceApplicationEntityTitle = sourceApplicationEntityTitle
        self.sendingApplicationEntityTitle = sendingApplicationEntityTitle
        self.receivingApplicationEntityTitle = receivingApplicationEntityTitle
    }

    /// Preamble (128 × 00), `DICM`, then group 0002 starting with its group length (0002,0000).
    ///
    /// UIDs are padded to even length with NUL, text with space (PS3.5 §6.2). UIDs arriving with NUL or space
    /// padding are trimmed first; a UID that is empty, longer than 64 bytes or holds anything but printable ASCII
    /// throws (`StorageError.isInvalidAttribute`). The source AE title is trimmed, and a character the AE VR forbids
    /// (control characters, `\`, non-ASCII) becomes `_`, cut to 16 bytes: it is informational and must never make a
    /// store fail.
    public func encodedHeader() throws(StorageError) -> [UInt8] {
        var group: [UInt8] = []
        group.reserveCapacity(256)
        // (0002,0001) File Meta Information Version, OB, 00 01.
        Self.appendElement(&group, element: 0x0001, vr: "OB", value: [0x00, 0x01])
        Self.appendElement(&group, element: 0x0002, vr: "UI",
                           value: try Self.uid(mediaStorageSOPClassUID, name: "Affected SOP Class UID"))
        Self.appendElement(&group, element: 0x0003, vr: "UI",
                           value: try Self.uid(mediaStorageSOPInstanceUID, name: "Affected SOP Instance UID"))
        Self.appendElement(&group, element: 0x0010, vr: "UI",
                           value: try Self.uid(transferSyntaxUID, name: "Transfer Syntax UID"))
        Self.appendElement(&group, element: 0x0012, vr: "UI",
                           value: try Self.uid(implementationClassUID, name: "Implementation Class UID"))
        if let name = implementationVersionName, !name.isEmpty {
            let bytes = Array(name.utf8)
            guard bytes.count <= 16, bytes.allSatisfy({ (0x20...0x7E).contains($0) && $0 != 0x5C }) else {
                throw StorageError(.invalidAttribute(name: "Implementation Version Name", value: name,
                                                     expected: "1–16 characters of ISO 646"))
            }
            Self.appendElement(&group, element: 0x0013, vr: "SH", value: Self.padded(bytes, with: 0x20))
        }
        for (element, title) in [(UInt16(0x0016), sourceApplicationEntityTitle),
                                 (0x0017, sendingApplicationEntityTitle), (0x0018, receivingApplicationEntityTitle)] {
            if let ae = title.map(Self.aeTitle), !ae.isEmpty {
                Self.appendElement(&group, element: element, vr: "AE", value: Self.padded(ae, with: 0x20))
            }
        }
        var header = [UInt8](repeating: 0, count: 128)
        header.reserveCapacity(128 + 4 + 12 + group.count)
        header.append(contentsOf: Array("DICM".utf8))
        // (0002,0000) File Meta Information Group Length, UL: the bytes that follow it up to the end of group 0002.
        header.append(contentsOf: [0x02, 0x00, 0x00, 0x00, UInt8(ascii: "U"), UInt8(ascii: "L"), 0x04, 0x00])
        Self.appendLE32(&header, UInt32(group.count))
        header.append(contentsOf: group)
        return header
    }

    /// The value of a UI element, trimmed, validated and NUL-padded to even length.
    static func uid(_ raw: String, name: String) throws(StorageError) -> [UInt8] {
        let bytes = trimmed(Array(raw.utf8))
        guard !bytes.isEmpty, bytes.count <= 64, bytes.allSatisfy({ (0x21...0x7E).contains($0) && $0 != 0x5C })
        else {
            throw StorageError(.invalidAttribute(name: name, value: String(decoding: bytes.prefix(80), as: UTF8.self),
                                                 expected: "a UID of 1–64 printable characters"))
        }
        return padded(bytes, with: 0x00)
    }

    /// An AE title as the AE VR allows it (PS3.5 Table 6.2-1): trimmed, at most 16 bytes, no control characters
    /// and no backslash.
    static func aeTitle(_ raw: String) -> [UInt8] {
        let bytes = trimmed(Array(raw.utf8)).map { (0x20...0x7E).contains($0) && $0 != 0x5C ? $0 : UInt8(ascii: "_") }
        return Array(bytes.prefix(16))
    }

    static func trimmed(_ bytes: [UInt8]) -> [UInt8] {
        let isPad: (UInt8) -> Bool = { $0 == 0x00 || $0 == 0x20 }
        guard let first = bytes.firstIndex(where: { !isPad($0) }),
              let last = bytes.lastIndex(where: { !isPad($0) }) else { return [] }
        return Array(bytes[first...last])
    }

    static func padded(_ bytes: [UInt8], with pad: UInt8) -> [UInt8] {
        bytes.count % 2 == 0 ? bytes : bytes + [pad]
    }

    /// One Explicit VR Little Endian element (PS3.5 §7.1.2): OB/OW/OF/SQ/UT/UN use a reserved 2 bytes and a
    /// 32-bit length, every other VR a 16-bit length.
    static func appendElement(_ out: inout [UInt8], element: UInt16, vr: StaticString, value: [UInt8]) {
        out.append(contentsOf: [0x02, 0x00, UInt8(element & 0xFF), UInt8(element >> 8)])
        let vrBytes = vr.withUTF8Buffer { Array($0) }
        out.append(contentsOf: vrBytes)
        if ["OB", "OW", "OF", "SQ", "UT", "UN"].contains(String(decoding: vrBytes, as: UTF8.self)) {
            out.append(contentsOf: [0x00, 0x00])
            appendLE32(&out, UInt32(value.count))
        } else {
            out.append(contentsOf: [UInt8(value.count & 0xFF), UInt8((value.count >> 8) & 0xFF)])
        }
        out.append(contentsOf: value)
    }

    static func appendLE32(_ out: inout [UInt8], _ value: UInt32) {
        out.append(contentsOf: [UInt8(value & 0xFF), UInt8((value >> 8) & 0xFF), UInt8((value >> 16) & 0xFF),
                                UInt8(value >> 24)])
    }
}
