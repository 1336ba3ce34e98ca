import Foundation
import NIOCore
@testable import DICOMUpperLayer

/// Golden PDUs captured from real peers by scripts/capture-golden-pdus.py (committed under Fixtures/).
enum GoldenFixture: String, CaseIterable, CustomStringConvertible {
    case echoscuRQ = "dcmtk-echoscu-associate-rq"
    case echoscuPData = "dcmtk-echoscu-p-data-tf"
    case echoscuReleaseRQ = "dcmtk-echoscu-release-rq"
    case echoscu128RQ = "dcmtk-echoscu-128pc-associate-rq"
    case echoscuAbort = "dcmtk-echoscu-abort"
    case storescuRQ = "dcmtk-storescu-associate-rq"
    case storescuPDataCommand = "dcmtk-storescu-p-data-tf-command"
    case storescuPDataDataset = "dcmtk-storescu-p-data-tf-dataset"
    case storescpAC = "dcmtk-storescp-associate-ac"
    case storescpRJ = "dcmtk-storescp-associate-rj"
    case storescpReleaseRP = "dcmtk-storescp-release-rp"
    case pynetdicomRQ = "pynetdicom-associate-rq"
    case pynetdicomPData = "pynetdicom-p-data-tf"
    case pynetdicomReleaseRQ = "pynetdicom-release-rq"
    case pynetdicomAbort = "pynetdicom-abort"
    case pynetdicomSCPAC = "pynetdicom-scp-associate-ac"

    var description: String { rawValue }

    var bytes: [UInt8] {
        get throws {
            guard let url = Bundle.module.url(forResource: rawValue, withExtension: "bin", subdirectory: "Fixtures")
            else { throw FixtureMissing(name: rawValue) }
            return Array(try Data(contentsOf: url))
        }
    }

    var buffer: ByteBuffer {
        get throws { ByteBuffer(bytes: try bytes) }
    }

    struct FixtureMissing: Error { var name: String }
}

extension PDU {
    /// Strict encoding into a fresh buffer, as bytes.
    func encodedBytes(mode: EncodingMode = .strict) throws -> [UInt8] {
        var buffer = ByteBuffer()
        try encode(into: &buffer, mode: mode)
        return Array(buffer.readableBytesView)
    }
}
