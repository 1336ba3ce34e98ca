extension DataSetReader {
    /// The encoding the first element's bytes show (PS3.5 §7.1): an explicit VR where the VR goes, and the byte order
    /// of a small group number. When it differs from the negotiated one the data set is read as it is encoded, with a
    /// finding: a peer that sends explicit VR bytes on an Implicit VR context is a common interoperability fault.
    mutating func detectEncoding() -> DataSetEncoding {
        guard let b0 = pending.getInteger(at: pending.readerIndex, as: UInt8.self),
              let b1 = pending.getInteger(at: pending.readerIndex + 1, as: UInt8.self),
              let b4 = pending.getInteger(at: pending.readerIndex + 4, as: UInt8.self),
              let b5 = pending.getInteger(at: pending.readerIndex + 5, as: UInt8.self) else { return expected }
        let explicit = ValueRepresentation(bytes: b4, b5) != nil
        // Groups 0002–00FF start a data set; their zero byte tells the byte order. Larger groups tell nothing.
        let bigEndian: Bool
        if b0 == 0, b1 != 0 {
            bigEndian = true
        } else if b1 == 0, b0 != 0 {
            bigEndian = false
        } else {
            bigEndian = expected.isBigEndian
        }
        let observed: DataSetEncoding = explicit
            ? (bigEndian ? .explicitVRBigEndian : .explicitVRLittleEndian)
            : (bigEndian ? expected : .implicitVRLittleEndian)
        if observed != expected {
            findings.append(DataSetFinding(.transferSyntaxMismatch,
                "the data set is encoded in \(observed.name), not in the negotiated \(negotiated.name)"))
        }
        return observed
    }
}
