import NIOCore
@testable import DICOMUpperLayer

/// Hand-built association PDUs for rule and finding tests.
enum AssociationFixtures {
    static let verification = "1.2.840.10008.1.1"
    static let implicitLE = "1.2.840.10008.1.2"
    static let explicitLE = "1.2.840.10008.1.2.1"
    static let ctImage = "1.2.840.10008.5.1.4.1.1.2"

    /// A request that violates nothing.
    static var validRQ: AAssociateRQ {
        AAssociateRQ(
            calledAETitle: "ASSOCMON", callingAETitle: "MODALITY",
            presentationContexts: [
                PresentationContextRQItem(id: 1, abstractSyntax: verification, transferSyntaxes: [implicitLE]),
                PresentationContextRQItem(id: 3, abstractSyntax: ctImage, transferSyntaxes: [explicitLE, implicitLE]),
            ],
            userInformation: UserInformation(maximumLength: 16384, implementationClassUID: "1.2.3.4.5",
                                             implementationVersionName: "TEST_1"))
    }

    static var validAC: AAssociateAC {
        AAssociateAC(answering: validRQ, presentationContexts: [
            PresentationContextACItem(id: 1, result: .acceptance, transferSyntax: implicitLE),
            PresentationContextACItem(id: 3, result: .transferSyntaxesNotSupported, transferSyntax: nil),
        ], userInformation: UserInformation(maximumLength: 32768, implementationClassUID: "1.2.3.4.6"))
    }

    /// Unchecked encoding of `rq` as bytes.
    static func bytes(_ rq: AAssociateRQ) throws -> [UInt8] {
        try PDU.associateRQ(rq).encodedBytes(mode: .unchecked)
    }

    /// Appends raw item bytes to an encoded association PDU and fixes its PDU-length.
    static func appending(_ item: [UInt8], to pdu: [UInt8]) -> [UInt8] {
        var out = pdu + item
        let length = UInt32(out.count - 6)
        out.replaceSubrange(2..<6, with: [UInt8(length >> 24), UInt8((length >> 16) & 0xFF),
                                          UInt8((length >> 8) & 0xFF), UInt8(length & 0xFF)])
        return out
    }

    /// An item: type, reserved, 16-bit length, value.
    static func item(_ type: UInt8, _ value: [UInt8]) -> [UInt8] {
        [type, 0, UInt8(value.count >> 8), UInt8(value.count & 0xFF)] + value
    }

    static func decodeRQ(_ bytes: [UInt8]) throws -> AAssociateRQ {
        guard case .associateRQ(let rq) = try PDU.decode(bytes: ByteBuffer(bytes: bytes)) else {
            throw NotAnRQ()
        }
        return rq
    }

    struct NotAnRQ: Error {}
}
