import NIOCore

/// Encodes outgoing DIMSE messages as P-DATA-TF PDUs that respect the peer's Maximum Length
/// (PS3.8 §9.3.5, Annex E; PS3.7 §6.3.1).
///
/// The shape is the most compatible one: command and data set in separate PDUs, one PDV
/// per PDU, every fragment but the last of a message exactly `maximumFragmentLength` (even) bytes.
///
/// Maximum Length (PS3.8 Annex D.1) limits the PDU-length field — the PDU without its 6-byte header — of the
/// P-DATA-TF PDUs the *advertiser* receives. One PDV per PDU costs 6 bytes of item header, so
/// `maximumFragmentLength` = even(maxLength) − 6 (pynetdicom, dicom-rs; DCMTK conservatively uses −12).
/// A Maximum Length of 0 means "unlimited" and is replaced by `unlimitedLengthCap`.
public struct MessageFragmenter: Hashable, Sendable {
    /// What we use for a peer that advertises 0 (unlimited): DCMTK's send cap, 128 KiB.
    public static let defaultUnlimitedLengthCap: UInt32 = 131_072

    /// The peer's Maximum Length as advertised (0 = unlimited).
    public let peerMaximumLength: UInt32
    /// The PDU-length limit actually applied (after mapping 0 to the cap and a floor of 8).
    public let effectiveMaximumLength: UInt32
    /// Largest fragment per PDV: even(effectiveMaximumLength) − 6, at least 2.
    public let maximumFragmentLength: Int
    /// When false (default), odd-length command or data sets are refused (`MessageFragmenterError.oddLength`).
    public var allowsOddLength: Bool

    /// - Parameters:
    ///   - peerMaximumLength: the Maximum Length the peer advertised in its A-ASSOCIATE-RQ/AC user information.
    ///   - unlimitedLengthCap: used when the peer advertises 0.
    ///   - allowsOddLength: relay odd-length messages instead of refusing them.
    /// A peer value below 8 cannot carry a fragment; it is raised to 8 (2-byte fragments) rather than producing
    /// zero or negative fragment sizes (pynetdicom#193).
    public init(peerMaximumLength: UInt32, unlimitedLengthCap: UInt32 = MessageFragmenter.defaultUnlimitedLengthCap,
                allowsOddLength: Bool = false) {
        self.peerMaximumLength = peerMaximumLength
        let requested = peerMaximumLength == 0 ? unlimitedLengthCap : peerMaximumLength
        effectiveMaximumLength = max(requested, 8)
        maximumFragmentLength = Int(effectiveMaximumLength & ~1) - 6
        self.allowsOddLength = allowsOddLength
    }

    /// Number of P-DATA-TF PDUs a command or data set of `length` bytes becomes (an empty one still takes one).
    public func pduCount(forLength length: Int) -> Int {
        max(1, (length + maximumFragmentLength - 1) / maximumFragmentLength)
    }

    /// Bytes `encodeMessage` writes for a message: per PDU 6 (PDU header) + 6 (PDV header) + fragment.
    public func encodedLength(commandLength: Int, dataSetLength: Int?) -> Int {
        var total = commandLength + 12 * pduCount(forLength: commandLength)
        if let dataSetLength { total += dataSetLength + 12 * pduCount(forLength: dataSetLength) }
        return total
    }

    /// Encodes one DIMSE message: the command set's PDUs, then (if any) the data set's PDUs, all on
    /// `presentationContextID` (PS3.8 Annex E.2: command and data set of a message share the PC ID).
    /// Bytes are appended to `buffer` as complete P-DATA-TF PDUs, ready to write to the socket.
    public func encodeMessage(command: ByteBuffer, dataSet: ByteBuffer?, presentationContextID: UInt8,
                              into buffer: inout ByteBuffer) throws(MessageFragmenterError) {
        try validate(presentationContextID)
        try checkEven(command.readableBytes, isCommand: true)
        if let dataSet { try checkEven(dataSet.readableBytes, isCommand: false) }
        buffer.reserveCapacity(minimumWritableBytes: encodedLength(
            commandLength: command.readableBytes, dataSetLength: dataSet?.readableBytes))
        writeFragments(of: command, isCommand: true, presentationContextID: presentationContextID, into: &buffer)
        if let dataSet {
            writeFragments(of: dataSet, isCommand: false, presentationContextID: presentationContextID, into: &buffer)
        }
    }

    /// Encodes a command set (Implicit VR LE with its group length) and optional data set bytes.
    public func encodeMessage(command: CommandSet, dataSet: ByteBuffer?, presentationContextID: UInt8,
                              into buffer: inout ByteBuffer) throws(MessageFragmenterError) {
        try encodeMessage(command: command.encoded(), dataSet: dataSet, presentationContextID: presentationContextID,
                          into: &buffer)
    }

    /// Encodes just the command set of a message whose data set will follow through `dataSetStream`.
    public func encodeCommand(_ command: ByteBuffer, presentationContextID: UInt8,
                              into buffer: inout ByteBuffer) throws(MessageFragmenterError) {
        try validate(presentationContextID)
        try checkEven(command.readableBytes, isCommand: true)
        writeFragments(of: command, isCommand: true, presentationContextID: presentationContextID, into: &buffer)
    }

    /// Starts fragmenting a data set that arrives in chunks (from a file, another association...), so that
    /// memory holds at most one fragment, never the whole data set.
    public func dataSetStream(presentationContextID: UInt8) throws(MessageFragmenterError) -> DataSetStream {
        try validate(presentationContextID)
        return DataSetStream(fragmenter: self, presentationContextID: presentationContextID)
    }

    // MARK: - internals

    func validate(_ id: UInt8) throws(MessageFragmenterError) {
        guard id % 2 == 1 else { throw .invalidPresentationContextID(id) }
    }

    func checkEven(_ length: Int, isCommand: Bool) throws(MessageFragmenterError) {
        guard allowsOddLength || length % 2 == 0 else { throw .oddLength(isCommand: isCommand, length: length) }
    }

    func writeFragments(of bytes: ByteBuffer, isCommand: Bool, presentationContextID: UInt8,
                        into buffer: inout ByteBuffer) {
        var remaining = bytes
        repeat {
            let length = min(remaining.readableBytes, maximumFragmentLength)
            let isLast = length == remaining.readableBytes
            // `readSlice` cannot fail: length <= readableBytes.
            let fragment = remaining.readSlice(length: length) ?? ByteBuffer()
            writePDU(fragment: fragment, isCommand: isCommand, isLast: isLast,
                     presentationContextID: presentationContextID, into: &buffer)
        } while remaining.readableBytes > 0
    }

    /// One P-DATA-TF PDU holding one PDV: PDU header (type 0x04, reserved, length = fragment + 6), PDV item.
    func writePDU(fragment: ByteBuffer, isCommand: Bool, isLast: Bool, presentationContextID: UInt8,
                  into buffer: inout ByteBuffer) {
        let length = fragment.readableBytes
        buffer.writeInteger(PDUType.dataTF.rawValue)
        buffer.writeInteger(UInt8(0))
        buffer.writeInteger(UInt32(truncatingIfNeeded: length + 6))
        buffer.writeInteger(UInt32(truncatingIfNeeded: length + 2))
        buffer.writeInteger(presentationContextID)
        buffer.writeInteger(MessageControlHeader(isCommand: isCommand, isLastFragment: isLast).rawValue)
        buffer.writeImmutableBuffer(fragment)
    }
}
