import DICOMUpperLayer
import FuzzSupport
import NIOCore

/// The input is a command set as it arrives in a command PDV. Whatever decodes re-encodes to a canonical form
/// (ascending tags, even lengths, a correct Command Group Length) that decodes to itself; the typed readers and
/// the response builder yield a value or a typed error.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCommandSet(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = ByteBuffer(bytes: bytes(data, size))
    guard let set = try? CommandSet(decoding: input) else { return 0 }
    require(set.elements.reduce(0) { $0 + 8 + $1.value.count } <= size, "elements larger than the input")

    let canonical = set.encoded()
    let again: CommandSet
    do {
        again = try CommandSet(decoding: canonical)
    } catch {
        require(false, "a re-encoded command set does not decode: \(error)")
        return 0
    }
    require(again.groupLengthMatches == true, "a re-encoded command set has a wrong Command Group Length")
    require(again.elements.map(\.tag) == set.elements.map(\.tag).sorted(), "re-encoding changed the tags")
    require(again.encoded() == canonical, "the canonical encoding is not stable")

    guard let command = try? DIMSECommand(commandSet: set) else { return 0 }
    _ = (command.messageID, command.messageIDBeingRespondedTo, command.sopClassUID, command.sopInstanceUID,
         command.priority, command.hasDataSet, command.status, command.moveDestination, command.errorComment,
         command.moveOriginatorApplicationEntityTitle, command.moveOriginatorMessageID, command.offendingElement)
    _ = try? CEchoRQ(command)
    _ = try? CEchoRSP(command)
    _ = try? CStoreRQ(command)
    _ = try? CStoreRSP(command)
    if let response = try? command.response(status: DIMSEStatus(rawValue: 0x0211), errorComment: command.errorComment,
                                            offendingElement: command.offendingElement) {
        let decoded = try? DIMSECommand(decoding: response.encoded())
        require(decoded?.commandField == command.commandField.response,
                "a response does not decode to the response command field")
    }
    return 0
}

@_cdecl("FuzzCommandSet_main")
public func fuzzCommandSetMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzzCommandSet)
}
