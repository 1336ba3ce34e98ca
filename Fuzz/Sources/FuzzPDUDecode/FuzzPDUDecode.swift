import DICOMUpperLayer
import FuzzSupport
import NIOCore

/// Every PDU decoder on its own, without the framer's header checks: the first input byte is the PDU type (any
/// byte, so unknown types are tried too), the rest is the PDU body. A decoded PDU must survive re-encoding.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPDUDecode(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = bytes(data, size)
    guard let type = input.first else { return 0 }
    let body = ByteBuffer(bytes: input.dropFirst())
    do {
        let pdu = try PDU.decode(type: type, body: body)
        require(pdu.type.rawValue == type, "type 0x\(String(type, radix: 16)) decodes to a \(pdu.type)")
        pdu.checkRoundTrip(receivedSize: 6 + body.readableBytes)
    } catch {
        _ = error.description
        if let offset = error.offset {
            require(offset >= 0 && offset <= 6 + body.readableBytes, "an error offset outside the PDU: \(error)")
        }
    }
    return 0
}

@_cdecl("FuzzPDUDecode_main")
public func fuzzPDUDecodeMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzzPDUDecode)
}
