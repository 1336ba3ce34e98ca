import NIOCore

extension MessageReassembler {
    /// A whole DIMSE message: its command and, if it has one, its data set.
    public struct CompleteMessage: Sendable, Equatable {
        public var command: DIMSECommand
        public var presentationContextID: UInt8
        /// The data set bytes (encoded in the presentation context's transfer syntax), nil when the command
        /// says none follows (0x0101).
        public var dataSet: ByteBuffer?
    }

    /// Collects whole messages for services whose data sets are small (C-ECHO, C-FIND identifiers, N-* attribute
    /// lists). Data sets longer than `maximumDataSetLength` throw `dataSetTooLong` — stream those with
    /// `MessageReassembler` directly instead.
    public struct Accumulator: Sendable {
        /// Default bound on an accumulated data set: 16 MiB.
        public static let defaultMaximumDataSetLength = 16 << 20

        public var reassembler: MessageReassembler
        public var maximumDataSetLength: Int
        var pendingCommand: (DIMSECommand, UInt8)?
        var pendingData: ByteBuffer?

        public init(reassembler: MessageReassembler = MessageReassembler(),
                    maximumDataSetLength: Int = Accumulator.defaultMaximumDataSetLength) {
            self.reassembler = reassembler
            self.maximumDataSetLength = maximumDataSetLength
        }

        /// Thrown when a data set exceeds `maximumDataSetLength`.
        public struct DataSetTooLong: Error, Hashable, Sendable {
            public var limit: Int
        }

        /// Feeds one PDV; returns a message when it completes one.
        public mutating func receive(_ pdv: PresentationDataValue) throws -> CompleteMessage? {
            guard let event = try reassembler.receive(pdv) else { return nil }
            switch event {
            case let .command(command, id, _):
                guard command.hasDataSet else {
                    return CompleteMessage(command: command, presentationContextID: id, dataSet: nil)
                }
                pendingCommand = (command, id)
                pendingData = nil
                return nil
            case let .dataSetFragment(fragment, _, isLast):
                let soFar = pendingData?.readableBytes ?? 0
                guard soFar + fragment.readableBytes <= maximumDataSetLength else {
                    pendingCommand = nil
                    pendingData = nil
                    throw DataSetTooLong(limit: maximumDataSetLength)
                }
                if var data = pendingData {
                    pendingData = nil  // keep the storage uniquely referenced while appending
                    data.writeImmutableBuffer(fragment)
                    pendingData = data
                } else if isLast {
                    pendingData = fragment  // single-fragment data set: no copy
                } else {
                    var data = ByteBuffer()
                    data.reserveCapacity(fragment.readableBytes * 2)
                    data.writeImmutableBuffer(fragment)
                    pendingData = data
                }
                guard isLast, let (command, id) = pendingCommand else { return nil }
                defer { pendingCommand = nil; pendingData = nil }
                return CompleteMessage(command: command, presentationContextID: id, dataSet: pendingData)
            }
        }

        /// Feeds the variable field of a P-DATA-TF PDU; returns the messages it completes.
        public mutating func receive(pDataTFItems items: ByteBuffer) throws -> [CompleteMessage] {
            var reader = PresentationDataValue.ItemReader(items)
            var messages: [CompleteMessage] = []
            while let pdv = try reader.next() {
                if let message = try receive(pdv) { messages.append(message) }
            }
            return messages
        }
    }
}
