import NIOCore

/// Turns the PDVs of received P-DATA-TF PDUs back into DIMSE messages (PS3.8 Annex E; PS3.7 §6.3.1), in
/// constant memory.
///
/// It accepts any packing a peer uses — many PDVs per PDU, command and data set in one PDU, one PDV per PDU
/// — because it works PDV by PDV. Command fragments are accumulated (up to
/// `maximumCommandLength`) and yield one `.command`; data set fragments are handed on as they arrive, as slices
/// of the received buffer, so a 1 GiB C-STORE never sits in memory. `Accumulator` collects small data sets
/// for services that want them whole (C-FIND identifiers, N-* attribute lists).
///
/// Sequencing violations throw `MessageReassemblerError` (the SCP then aborts, see `abortReason`); tolerable
/// deviations are collected in `findings` (or thrown in `strict` mode). After an error the reassembler is back
/// to "between messages"; the association is normally aborted anyway.
public struct MessageReassembler: Sendable {
    /// Default bound on a command set: 1 MiB (real command sets are under 1 KiB).
    public static let defaultMaximumCommandLength = 1 << 20
    /// At most this many findings are kept; the rest are only counted (`droppedFindingCount`).
    public static let maximumFindings = 256

    public var maximumCommandLength: Int
    /// When set, a PDV on any other presentation context ID throws `.unknownPresentationContext`.
    public var acceptedPresentationContextIDs: Set<UInt8>?
    /// Treat findings (odd fragments, reserved bits) as errors.
    public var strict: Bool

    public private(set) var findings: [Finding] = []
    public private(set) var droppedFindingCount = 0
    /// Messages whose command was completed so far.
    public private(set) var commandCount = 0
    /// Data set bytes passed on so far.
    public private(set) var dataSetByteCount: Int64 = 0

    enum State: Sendable, Equatable {
        /// Between messages. `previous` says how the last message ended, to name the error of a stray fragment.
        case idle(previous: Previous)
        /// Collecting command fragments.
        case command(contextID: UInt8, accumulated: ByteBuffer?)
        /// Passing on data set fragments.
        case dataSet(contextID: UInt8)
    }

    enum Previous: Sendable, Equatable {
        case none
        case commandWithoutDataSet(contextID: UInt8, commandField: CommandField)
        case dataSet(contextID: UInt8)
    }

    var state: State = .idle(previous: .none)

    public init(maximumCommandLength: Int = MessageReassembler.defaultMaximumCommandLength,
                acceptedPresentationContextIDs: Set<UInt8>? = nil, strict: Bool = false) {
        self.maximumCommandLength = maximumCommandLength
        self.acceptedPresentationContextIDs = acceptedPresentationContextIDs
        self.strict = strict
    }

    /// True between messages (no command or data set partially received).
    public var isBetweenMessages: Bool {
        if case .idle = state { return true }
        return false
    }

    /// The presentation context of the message in progress, if any.
    public var currentPresentationContextID: UInt8? {
        switch state {
        case .idle: nil
        case let .command(id, _), let .dataSet(id): id
        }
    }

    /// Returns and clears the findings collected so far.
    public mutating func takeFindings() -> [Finding] {
        defer { findings.removeAll(keepingCapacity: true) }
        return findings
    }

    /// Feeds one PDV. Returns the event it completes: nil for a non-last command fragment.
    public mutating func receive(_ pdv: PresentationDataValue) throws(MessageReassemblerError) -> Event? {
        let id = pdv.presentationContextID
        let header = pdv.messageControlHeader
        if let accepted = acceptedPresentationContextIDs, !accepted.contains(id) {
            throw fail(.unknownPresentationContext(id))
        }
        // Judged once per item as the peer sent it: never for a piece of an item (`PDataTFStream`).
        let itemLength: Int? = switch pdv.cut {
        case .whole: pdv.fragment.readableBytes
        case .first(let length): length
        case .rest: nil
        }
        if let itemLength {
            if header.hasReservedBitsSet {
                try note(.reservedBitsSet(presentationContextID: id, messageControlHeader: header.rawValue))
            }
            if itemLength % 2 == 1 {
                try note(.oddFragmentLength(presentationContextID: id, isCommand: header.isCommand, length: itemLength))
            }
        }
        return header.isCommand
            ? try receiveCommand(pdv.fragment, contextID: id, isLast: header.isLastFragment)
            : try receiveData(pdv.fragment, contextID: id, isLast: header.isLastFragment)
    }

    /// Feeds the variable field of a P-DATA-TF PDU (its bytes after the 6-byte header), calling `handle` for
    /// each event in order. Nothing is copied for data set fragments.
    public mutating func receive(pDataTFItems items: ByteBuffer, _ handle: (Event) throws -> Void) throws {
        var reader = PresentationDataValue.ItemReader(items)
        while let pdv = try reader.next() {
            if let event = try receive(pdv) { try handle(event) }
        }
    }

    /// Feeds the variable field of a P-DATA-TF PDU and returns its events (allocates an array; prefer the
    /// closure form on the hot path).
    public mutating func receive(pDataTFItems items: ByteBuffer) throws(MessageReassemblerError) -> [Event] {
        var reader = PresentationDataValue.ItemReader(items)
        var events: [Event] = []
        while let pdv = try reader.next() {
            if let event = try receive(pdv) { events.append(event) }
        }
        return events
    }

    // MARK: - states

    private mutating func receiveCommand(_ fragment: ByteBuffer, contextID id: UInt8,
                                         isLast: Bool) throws(MessageReassemblerError) -> Event? {
        var accumulated: ByteBuffer?
        switch state {
        case .idle:
            accumulated = nil
        case let .command(current, soFar):
            guard current == id else {
                throw fail(.interleavedPresentationContext(expected: current, received: id))
            }
            accumulated = soFar
        case let .dataSet(current):
            throw fail(current == id ? .commandFragmentDuringDataSet(presentationContextID: id)
                                     : .interleavedPresentationContext(expected: current, received: id))
        }
        let total = (accumulated?.readableBytes ?? 0) + fragment.readableBytes
        guard total <= maximumCommandLength else { throw fail(.commandSetTooLong(limit: maximumCommandLength)) }
        guard isLast else {
            // Only multi-fragment commands are copied (they are rare and bounded).
            var buffer = accumulated ?? ByteBuffer()
            buffer.writeImmutableBuffer(fragment)
            state = .command(contextID: id, accumulated: buffer)
            return nil
        }
        let bytes: ByteBuffer
        if var buffer = accumulated {
            buffer.writeImmutableBuffer(fragment)
            bytes = buffer
        } else {
            bytes = fragment
        }
        let command: DIMSECommand
        do {
            command = try DIMSECommand(decoding: bytes)
        } catch {
            throw fail(.malformedCommandSet(error))
        }
        if command.commandSet.groupLengthMatches != true {
            try note(.commandGroupLengthMismatch(
                declared: command.commandSet.declaredGroupLength,
                actual: command.commandSet.elements.reduce(0) { $0 + 8 + $1.value.count }))
        }
        if command.commandDataSetType == nil {
            try note(.commandDataSetTypeMissing(commandField: command.commandField))
        }
        commandCount += 1
        state = command.hasDataSet
            ? .dataSet(contextID: id)
            : .idle(previous: .commandWithoutDataSet(contextID: id, commandField: command.commandField))
        return .command(command, presentationContextID: id, bytes: bytes)
    }

    private mutating func receiveData(_ fragment: ByteBuffer, contextID id: UInt8,
                                      isLast: Bool) throws(MessageReassemblerError) -> Event? {
        switch state {
        case let .idle(previous):
            switch previous {
            case .none:
                throw fail(.dataFragmentBeforeCommand(presentationContextID: id))
            case let .commandWithoutDataSet(previousID, field) where previousID == id:
                throw fail(.unexpectedDataSet(presentationContextID: id, commandField: field))
            case let .dataSet(previousID) where previousID == id:
                throw fail(.fragmentAfterLastFragment(presentationContextID: id))
            case .commandWithoutDataSet, .dataSet:
                throw fail(.dataFragmentBeforeCommand(presentationContextID: id))
            }
        case let .command(current, _):
            throw fail(current == id ? .dataFragmentBeforeCommand(presentationContextID: id)
                                     : .interleavedPresentationContext(expected: current, received: id))
        case let .dataSet(current):
            guard current == id else { throw fail(.interleavedPresentationContext(expected: current, received: id)) }
        }
        dataSetByteCount += Int64(fragment.readableBytes)
        if isLast { state = .idle(previous: .dataSet(contextID: id)) }
        return .dataSetFragment(fragment, presentationContextID: id, isLast: isLast)
    }

    // MARK: - findings and failures

    private mutating func note(_ finding: Finding) throws(MessageReassemblerError) {
        if strict { throw fail(.strict(finding)) }
        if findings.count < Self.maximumFindings {
            findings.append(finding)
        } else {
            droppedFindingCount += 1
        }
    }

    /// Resets to "between messages" and returns the error to throw.
    private mutating func fail(_ error: MessageReassemblerError) -> MessageReassemblerError {
        state = .idle(previous: .none)
        return error
    }
}
