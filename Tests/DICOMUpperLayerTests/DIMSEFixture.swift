import Foundation
import NIOCore
import Testing

/// Loads files from Fixtures/dimse (written by scripts/capture-dimse-fixtures.py).
enum DIMSEFixture {
    static func bytes(_ name: String) throws -> [UInt8] {
        let base = try #require(Bundle.module.resourceURL)
        let url = base.appendingPathComponent("Fixtures/dimse/\(name)")
        return Array(try Data(contentsOf: url))
    }

    static func buffer(_ name: String) throws -> ByteBuffer {
        ByteBuffer(bytes: try bytes(name))
    }

    /// The variable field (bytes 7...) of a captured P-DATA-TF PDU, after checking its header.
    static func pDataTFItems(_ name: String) throws -> ByteBuffer {
        var pdu = try buffer(name)
        #expect(pdu.readInteger(as: UInt8.self) == 0x04)
        #expect(pdu.readInteger(as: UInt8.self) == 0x00)
        let declared = pdu.readInteger(as: UInt32.self)
        let length = try #require(declared)
        #expect(Int(length) == pdu.readableBytes)
        return pdu
    }
}
