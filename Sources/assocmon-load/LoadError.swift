import DICOMUpperLayer
import Glibc

/// Why a load run stopped. Every case names what happened and what was expected, so a benchmark script
/// can print it as is.
enum LoadError: Error, CustomStringConvertible {
    case usage(String)
    case system(operation: String, errno: Int32)
    case timedOut(operation: String, seconds: Int)
    case peerClosed(while: String)
    case rejected(AAssociateRJ)
    case aborted(AAbort, while: String)
    case unexpectedPDU(PDUType, expected: String)
    case contextNotAccepted(id: UInt8, abstractSyntax: String)
    case unexpectedResponse(String)
    case failureStatus(command: String, status: UInt16)
    case codec(String)

    var description: String {
        switch self {
        case .usage(let text): return text
        case let .system(operation, code):
            return "\(operation) failed: \(String(cString: strerror(code))) (errno \(code))"
        case let .timedOut(operation, seconds):
            return "\(operation): nothing within \(seconds) s (raise --timeout, or check the server)"
        case .peerClosed(let phase): return "the server closed the connection while \(phase)"
        case .rejected(let rj): return "association rejected: \(rj)"
        case let .aborted(abort, phase): return "the server aborted while \(phase): \(abort)"
        case let .unexpectedPDU(type, expected): return "received \(type), expected \(expected)"
        case let .contextNotAccepted(id, syntax):
            return "presentation context \(id) (\(syntax)) was not accepted; the server must accept it"
        case .unexpectedResponse(let text): return text
        case let .failureStatus(command, status):
            return "\(command) answered status 0x\(String(status, radix: 16, uppercase: true)), expected 0x0000"
        case .codec(let text): return "codec: \(text)"
        }
    }
}
