/// Recognising a peer that speaks the wrong protocol for the port it connected to.
///
/// PS3.15 Annex B puts DICOM TLS on its own port (2762) beside plain DICOM (104/11112); a misconfigured peer
/// sends plain PDUs to the TLS port or a TLS ClientHello to the plain port. Both are common in the field, and each
/// gets a `transport-failed` event that says which.
public enum TransportMismatch {
    /// The reason to report when a connection on the **plain** DICOM port starts with `firstByte`, or `nil` when
    /// the byte may start a DICOM PDU (or is simply an unknown PDU type, which PS3.8 §9.2 answers with A-ABORT).
    ///
    /// 0x16 is the TLS handshake record type (RFC 8446 §5.1); PDU types end at 0x07 (PS3.8 Table 9-11), so one byte
    /// is enough to tell. The engine calls this on the first byte of the first read.
    public static func plainPortReason(firstByte: UInt8) -> String? {
        switch firstByte {
        case 0x16: "TLS ClientHello sent to the plain DICOM port"
        case 0x80: "SSL 2.0-format ClientHello sent to the plain DICOM port"
        default: nil
        }
    }

    /// Classifies the first bytes received on the **TLS** port; `nil` until enough bytes arrived to tell.
    /// For a TLS record only the record type is checked here: `TLSHandshakeMessageReader` parses the ClientHello.
    static func tlsPortOpening(firstBytes: [UInt8]) -> TLSClientOpening? {
        guard let first = firstBytes.first else { return nil }
        if first == 0x16 { return nil }
        if (0x01...0x07).contains(first) {
            guard firstBytes.count >= 2 else { return nil }
            return firstBytes[1] == 0x00 ? .dicomPDU(type: first) : .other(firstByte: first)
        }
        if first & 0x80 != 0 {
            guard firstBytes.count >= 3 else { return nil }
            return firstBytes[2] == 0x01 ? .sslv2ClientHello : .other(firstByte: first)
        }
        let methods = ["GET ", "POST", "HEAD", "PUT ", "OPTI", "PRI "]
        guard firstBytes.count >= 4 else {
            return methods.contains { $0.utf8.starts(with: firstBytes) } ? nil : .other(firstByte: first)
        }
        let prefix = Array(firstBytes.prefix(4))
        return methods.contains { Array($0.utf8) == prefix } ? .http : .other(firstByte: first)
    }
}
