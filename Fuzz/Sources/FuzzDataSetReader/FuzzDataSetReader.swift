import DICOMDataSet
import FuzzSupport
import NIOCore

/// The input's first byte picks the transfer syntax (its low two bits: Implicit VR LE, Explicit VR LE, Explicit VR
/// BE, Deflated) and the chunk size (its upper six bits, 1–64 bytes); the rest is a data set as it arrives in PDV
/// fragments (PS3.8 Annex E). Read whole and read in chunks, the reader lists the same elements, findings and end
/// state: streaming never changes what is read. Every entry stays within its bounds, and the text of every value
/// and the attributes a monitor shows come out as a value or a typed error.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDataSetReader(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = bytes(data, size)
    guard let selector = input.first else { return 0 }
    let encoding = DataSetEncoding.allCases[Int(selector & 3) % DataSetEncoding.allCases.count]
    let chunk = Int(selector >> 2) + 1
    let body = Array(input.dropFirst())
    let limits = DataSetReaderLimits(prefixBytes: 4096, maximumValueLength: 256, maximumDepth: 6,
                                     maximumElements: 256, stopsAtPixelData: selector & 0x80 == 0)

    var whole = DataSetReader(transferSyntax: encoding, limits: limits)
    whole.append(ByteBuffer(bytes: body))
    whole.finish()

    var streamed = DataSetReader(transferSyntax: encoding, limits: limits)
    var index = 0
    while index < body.count {
        streamed.append(ByteBuffer(bytes: body[index..<min(body.count, index + chunk)]))
        index += chunk
    }
    streamed.finish()

    require(whole.state == streamed.state, "end state \(whole.state) whole, \(streamed.state) in \(chunk)-byte chunks")
    require(whole.elements == streamed.elements, "elements differ whole and in \(chunk)-byte chunks")
    require(whole.findings == streamed.findings, "findings differ whole and in \(chunk)-byte chunks")
    require(whole.bytesRead == streamed.bytesRead, "bytes read differ whole and in \(chunk)-byte chunks")
    require(whole.state != .reading, "finish() left the reader reading")
    require(whole.elements.count <= limits.maximumElements, "more elements than the limit")
    for element in whole.elements {
        require(element.depth >= 0 && element.depth <= limits.maximumDepth, "depth \(element.depth) out of bounds")
        require((element.value?.count ?? 0) <= limits.maximumValueLength, "a value longer than kept values")
        if let value = element.value {
            require(value.count == Int(element.length), "a kept value of another length than its header")
        }
    }

    var charset = SpecificCharacterSet.default
    for element in whole.elements {
        if element.tag == .specificCharacterSet, let value = element.value {
            charset = SpecificCharacterSet(value: value)
        }
        _ = element.valueText(characterSet: charset)
    }
    let attributes = DataSetAttributes(elements: whole.elements)
    _ = attributes.commandFindings(affectedSOPClassUID: "1.2.3", affectedSOPInstanceUID: "1.2.3.4", complete: true)
    return 0
}

@_cdecl("FuzzDataSetReader_main")
public func fuzzDataSetReaderMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?)
    -> CInt {
    runFuzzer(argc, argv, fuzzDataSetReader)
}
