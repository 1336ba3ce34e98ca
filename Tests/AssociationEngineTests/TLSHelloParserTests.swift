import Foundation
import NIOCore
import NIOEmbedded
import NIOSSL
import Testing
@testable import AssociationEngine

/// The ClientHello/ServerHello reader and parser (RFC 8446 §4.1.2–4.1.3, §5.1) on hellos made by BoringSSL,
/// fed whole, byte by byte and in odd chunks; and on truncated and random input, which must never trap.
@Suite struct TLSHelloParserTests {
    /// The first flight of a swift-nio-ssl (BoringSSL) client: one ClientHello record.
    private func clientHelloBytes(maximum: TLSVersion? = nil, minimum: TLSVersion = .tlsv12) throws -> [UInt8] {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.minimumTLSVersion = minimum
        configuration.maximumTLSVersion = maximum
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(
            try NIOSSLClientHandler(context: try NIOSSLContext(configuration: configuration),
                                    serverHostname: "pacs.example"))
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 2762)).wait()
        var bytes: [UInt8] = []
        while let buffer = try channel.readOutbound(as: ByteBuffer.self) { bytes += buffer.readableBytesView }
        _ = try? channel.finish()
        return bytes
    }

    private func readWhole(_ bytes: [UInt8], chunk: Int) -> TLSHandshakeMessageReader.Outcome {
        var reader = TLSHandshakeMessageReader()
        var outcome = TLSHandshakeMessageReader.Outcome.needMoreBytes
        var index = 0
        while index < bytes.count, outcome == .needMoreBytes {
            outcome = reader.feed(bytes[index..<min(bytes.count, index + chunk)])
            index += chunk
        }
        return outcome
    }

    @Test(arguments: [1, 3, 7, 100, 100_000])
    func clientHelloIsReassembledFromAnyChunking(chunk: Int) throws {
        let bytes = try clientHelloBytes()
        guard case .message(let type, let body) = readWhole(bytes, chunk: chunk) else {
            Issue.record("no ClientHello")
            return
        }
        #expect(type == 1)
        let hello = try TLSHelloParser.clientHello(body)
        #expect(hello.legacyVersion == 0x0303)
        #expect(hello.offeredVersions.contains(0x0304))
        #expect(hello.highestVersion == 0x0304)
        #expect(!hello.offersOnlyDeprecatedVersions)
        #expect(hello.serverName == "pacs.example")
        #expect(hello.cipherSuites.contains(0x1301))
    }

    @Test func aTLS11OnlyClientHelloIsRecognised() throws {
        var reader = TLSHandshakeMessageReader()
        guard case .message(_, let body) = reader.feed(try clientHelloBytes(maximum: .tlsv11, minimum: .tlsv1)) else {
            Issue.record("no ClientHello")
            return
        }
        let hello = try TLSHelloParser.clientHello(body)
        #expect(hello.offersOnlyDeprecatedVersions)
        #expect(hello.highestVersion == 0x0302)
    }

    @Test func aHandshakeMessageSpanningTwoRecordsIsJoined() throws {
        let bytes = try clientHelloBytes()
        let fragment = Array(bytes.dropFirst(5))
        let cut = fragment.count / 2
        func record(_ payload: ArraySlice<UInt8>) -> [UInt8] {
            [0x16, 0x03, 0x01, UInt8(payload.count >> 8), UInt8(payload.count & 0xFF)] + payload
        }
        var reader = TLSHandshakeMessageReader()
        #expect(reader.feed(record(fragment[..<cut])) == .needMoreBytes)
        guard case .message(1, let body) = reader.feed(record(fragment[cut...])) else {
            Issue.record("not joined")
            return
        }
        #expect(try TLSHelloParser.clientHello(body).serverName == "pacs.example")
    }

    @Test func everyTruncationThrowsAndNothingTraps() throws {
        var reader = TLSHandshakeMessageReader()
        guard case .message(_, let body) = reader.feed(try clientHelloBytes()) else {
            Issue.record("no ClientHello")
            return
        }
        for length in 0..<body.count {
            let prefix = Array(body.prefix(length))
            _ = try? TLSHelloParser.clientHello(prefix)
            _ = try? TLSHelloParser.serverHello(prefix)
        }
        #expect(throws: TLSByteCursor.Truncated.self) { try TLSHelloParser.clientHello(Array(body.prefix(40))) }
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let random = (0..<Int.random(in: 0..<300, using: &generator)).map { _ in UInt8.random(in: 0...255) }
            _ = try? TLSHelloParser.clientHello(random)
            _ = try? TLSHelloParser.serverHello(random)
            var fuzzReader = TLSHandshakeMessageReader()
            _ = fuzzReader.feed([0x16, 0x03, 0x03] + random)
        }
    }

    @Test func oversizedLengthsAreRefusedBeforeBuffering() {
        var reader = TLSHandshakeMessageReader()
        #expect(reader.feed([0x16, 0x03, 0x01, 0xFF, 0xFF]) == .malformed("record length 65535"))
        var second = TLSHandshakeMessageReader()
        #expect(second.feed([0x16, 0x03, 0x01, 0x00, 0x04, 0x01, 0xFF, 0xFF, 0xFF])
            == .malformed("handshake message length 16777215"))
    }

    @Test func serverHelloOfTLS13ReadsSupportedVersions() throws {
        // legacy_version 0303, random, empty session id, suite 1302, compression 0,
        // extensions: supported_versions (002B) = 0304.
        let body: [UInt8] = [0x03, 0x03] + Array(repeating: 0xAB, count: 32) + [0x00, 0x13, 0x02, 0x00,
                             0x00, 0x06, 0x00, 0x2B, 0x00, 0x02, 0x03, 0x04]
        #expect(try TLSHelloParser.serverHello(body) == ServerHelloSummary(version: 0x0304, cipherSuite: 0x1302))
    }

    @Test func openingsOnTheTLSPortAreNamed() {
        #expect(TransportMismatch.tlsPortOpening(firstBytes: [0x01, 0x00, 0x00]) == .dicomPDU(type: 1))
        #expect(TransportMismatch.tlsPortOpening(firstBytes: [0x01]) == nil)
        #expect(TransportMismatch.tlsPortOpening(firstBytes: [0x16, 0x03]) == nil)
        #expect(TransportMismatch.tlsPortOpening(firstBytes: Array("GET / HTTP/1.1".utf8)) == .http)
        #expect(TransportMismatch.tlsPortOpening(firstBytes: [0x80, 0x2E, 0x01, 0x00]) == .sslv2ClientHello)
        #expect(TransportMismatch.tlsPortOpening(firstBytes: Array("hello wo".utf8)) == .other(firstByte: 0x68))
        #expect(TLSClientOpening.dicomPDU(type: 1).mismatchDescription
            == "plain DICOM (A-ASSOCIATE-RQ) sent to the TLS port")
        #expect(TLSClientOpening.dicomPDU(type: 7).mismatchDescription
            == "plain DICOM (PDU type 0x07) sent to the TLS port")
    }

    @Test func theFirstByteOnThePlainPortNamesTLS() {
        #expect(TransportMismatch.plainPortReason(firstByte: 0x16) == "TLS ClientHello sent to the plain DICOM port")
        for pduType in UInt8(0x01)...0x07 {
            #expect(TransportMismatch.plainPortReason(firstByte: pduType) == nil)
        }
    }

    @Test func cipherAndVersionNames() {
        #expect(TLSCipherSuiteName.name(for: 0xC02F) == "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256")
        #expect(TLSCipherSuiteName.name(for: 0x1301) == "TLS_AES_128_GCM_SHA256")
        #expect(TLSCipherSuiteName.name(for: 0x0A0A) == "0x0A0A")
        #expect(TLSProtocolVersionName.name(wire: 0x0302) == "TLSv1.1")
        #expect(TLSProtocolVersionName.name(.tlsv13) == "TLSv1.3")
    }
}
