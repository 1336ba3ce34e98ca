import DICOMUpperLayer
import FuzzSupport
import NIOCore

/// The input is the PDV items of P-DATA-TF bodies, one after the other. They go through the streaming
/// reassembler (lenient and strict) and through the accumulator, with small limits so that the fuzzer reaches
/// them: no command and no accumulated data set passes its limit, data set bytes are counted exactly, findings stay
/// bounded, and after an error the reassembler is between messages.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMessageReassembler(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let items = ByteBuffer(bytes: bytes(data, size))
    stream(items, strict: false)
    stream(items, strict: true)
    accumulate(items)
    return 0
}

let maximumCommandLength = 512
let maximumDataSetLength = 2048

func stream(_ items: ByteBuffer, strict: Bool) {
    var reassembler = MessageReassembler(maximumCommandLength: maximumCommandLength, strict: strict)
    var reader = PresentationDataValue.ItemReader(items)
    var dataSetBytes: Int64 = 0
    var commands = 0
    while true {
        let pdv: PresentationDataValue
        do {
            guard let next = try reader.next() else { break }
            pdv = next
        } catch {
            break
        }
        do {
            switch try reassembler.receive(pdv) {
            case let .command(command, id, bytes)?:
                commands += 1
                require(bytes.readableBytes <= maximumCommandLength,
                        "a command of \(bytes.readableBytes) bytes passed the \(maximumCommandLength)-byte limit")
                require(id == pdv.presentationContextID, "a command on context \(id) completed by a PDV on another")
                let again = try? DIMSECommand(decoding: command.encoded())
                require(again?.commandField == command.commandField, "a reassembled command does not re-encode")
            case let .dataSetFragment(fragment, _, _)?:
                dataSetBytes += Int64(fragment.readableBytes)
            case nil:
                require(!reassembler.isBetweenMessages, "a command fragment left no message in progress")
            }
        } catch {
            _ = String(describing: error)
            require(reassembler.isBetweenMessages, "after \(error) a message is still in progress")
        }
        require(reassembler.findings.count <= MessageReassembler.maximumFindings, "findings are not bounded")
    }
    require(reassembler.dataSetByteCount == dataSetBytes,
            "data set bytes counted \(reassembler.dataSetByteCount), passed on \(dataSetBytes)")
    require(reassembler.commandCount == commands, "commands counted \(reassembler.commandCount), passed on \(commands)")
}

func accumulate(_ items: ByteBuffer) {
    var accumulator = MessageReassembler.Accumulator(
        reassembler: MessageReassembler(maximumCommandLength: maximumCommandLength),
        maximumDataSetLength: maximumDataSetLength)
    var reader = PresentationDataValue.ItemReader(items)
    while let pdv = try? reader.next() {
        guard let message = try? accumulator.receive(pdv) else { continue }
        require(message.command.hasDataSet == (message.dataSet != nil),
                "a message's data set does not match its Command Data Set Type")
        require((message.dataSet?.readableBytes ?? 0) <= maximumDataSetLength,
                "an accumulated data set of \(message.dataSet?.readableBytes ?? 0) bytes passed its limit")
    }
}

@_cdecl("FuzzMessageReassembler_main")
public func fuzzMessageReassemblerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzzMessageReassembler)
}
