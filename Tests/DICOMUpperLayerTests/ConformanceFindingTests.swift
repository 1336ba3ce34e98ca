import NIOCore
import Testing
@testable import DICOMUpperLayer

/// Each finding code is produced by a request that has exactly that oddity (PS3.8 §9.3.2, PS3.7 Annex D.3.3).
@Suite struct ConformanceFindingTests {
    typealias F = AssociationFixtures

    /// Produces an encoded request showing `code`.
    static func request(showing code: ConformanceFinding.Code) throws -> [UInt8] {
        var rq = F.validRQ
        switch code {
        case .protocolVersionBit0: rq.protocolVersion = 2
        case .reservedNonZero: rq.reservedField[5] = 1
        case .presentationContextReservedNonZero: rq.presentationContexts[0].reservedBytes = [0, 0xFF, 0]
        case .aeTitleBlank: rq.calledAETitleField = Array(repeating: 0x20, count: 16)
        case .aeTitleInvalidCharacters: rq.callingAETitle = "BAD\\AE"
        case .aeTitleNULPadded: rq.callingAETitleField = Array("MODALITY".utf8) + Array(repeating: 0, count: 8)
        case .aeTitleLeadingSpaces: rq.callingAETitle = "  MODALITY"
        case .applicationContextMissing: rq.applicationContextName = ""
        case .applicationContextUnknown: rq.applicationContextName = "1.2.3.4"
        case .applicationContextDuplicate:
            return F.appending(F.item(0x10, Array(AAssociateRQ.dicomApplicationContextName.utf8)), to: try F.bytes(rq))
        case .presentationContextNone: rq.presentationContexts = []
        case .presentationContextCountOver128:
            rq.presentationContexts = (0..<129).map {
                PresentationContextRQItem(id: UInt8(truncatingIfNeeded: 2 * $0 + 1), abstractSyntax: F.verification,
                                          transferSyntaxes: [F.implicitLE])
            }
        case .presentationContextIDEven: rq.presentationContexts[1].id = 4
        case .presentationContextIDDuplicate: rq.presentationContexts[1].id = 1
        case .abstractSyntaxMissing:
            rq.presentationContexts = [rq.presentationContexts[0]]
            return F.appending(F.item(0x20, [5, 0, 0, 0] + F.item(0x40, Array(F.implicitLE.utf8))), to: try F.bytes(rq))
        case .abstractSyntaxDuplicate:
            let value = [5, 0, 0, 0] + F.item(0x30, Array(F.verification.utf8)) + F.item(0x30, Array(F.ctImage.utf8))
                + F.item(0x40, Array(F.implicitLE.utf8))
            return F.appending(F.item(0x20, value), to: try F.bytes(rq))
        case .transferSyntaxListEmpty: rq.presentationContexts[0].transferSyntaxes = []
        case .uidTooLong: rq.presentationContexts[0].abstractSyntax = "1." + String(repeating: "2", count: 63)
        case .uidInvalid: rq.presentationContexts[0].transferSyntaxes = ["1.2.840.10008.1.2.01"]
        case .uidPadded: rq.presentationContexts[0].abstractSyntax = F.verification + "\0"
        case .userInformationMissing: rq.userInformation = UserInformation()
        case .maximumLengthMissing: rq.userInformation.maximumLength = nil
        case .maximumLengthZero: rq.userInformation.maximumLength = 0
        case .implementationClassUIDMissing: rq.userInformation.implementationClassUID = nil
        case .implementationVersionNameLength: rq.userInformation.implementationVersionName = "SEVENTEEN_CHARS_X"
        case .implementationVersionNameCharacters: rq.userInformation.implementationVersionName = "BELL\u{07}"
        case .asynchronousWindowUnlimited: rq.userInformation.asynchronousOperationsWindow = .init(invoked: 0, performed: 0)
        case .itemUnknown: return F.appending(F.item(0x99, [1, 2, 3]), to: try F.bytes(rq))
        case .subItemUnknown: rq.userInformation.subItems.append(.unknown(type: 0x70, reserved: 0, value: [9, 9]))
        case .subItemDuplicate: rq.userInformation.subItems.append(.maximumLength(4096))
        case .subItemUnexpected: rq.userInformation.userIdentityAC = UserIdentityNegotiationAC()
        case .roleValueInvalid:
            rq.userInformation.roleSelections = [SCPSCURoleSelection(sopClassUID: F.ctImage, scuRole: 2, scpRole: 1)]
        case .roleSelectionDuplicate:
            rq.userInformation.roleSelections = [SCPSCURoleSelection(sopClassUID: F.ctImage, scu: true, scp: false),
                                                 SCPSCURoleSelection(sopClassUID: F.ctImage, scu: false, scp: true)]
        case .userIdentityInvalid:
            rq.userInformation.userIdentityRQ = UserIdentityNegotiationRQ(userIdentityType: 9, positiveResponseRequested: false,
                                                                          primaryField: [1])
        }
        return try F.bytes(rq)
    }

    @Test func validRequestHasNoFindings() throws {
        let rq = try F.decodeRQ(try PDU.associateRQ(F.validRQ).encodedBytes())
        #expect(rq.findings.isEmpty, "\(rq.findings)")
    }

    @Test(arguments: ConformanceFinding.Code.allCases)
    func eachCodeIsReported(_ code: ConformanceFinding.Code) throws {
        let rq = try F.decodeRQ(try Self.request(showing: code))
        let found = rq.findings.filter { $0.code == code.rawValue }
        #expect(!found.isEmpty, "\(code) not reported; got \(rq.findings.map(\.code))")
        #expect(found.allSatisfy { $0.severity == code.severity && !$0.message.isEmpty && !$0.message.contains("\n") })
    }

    @Test func codesAreStableAndUnique() {
        let codes = ConformanceFinding.Code.allCases.map(\.rawValue)
        #expect(Set(codes).count == codes.count)
        #expect(codes.allSatisfy { $0.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "-" } })
        #expect(ConformanceFinding.Code.presentationContextIDEven.rawValue == "pc-id-even")
    }

    @Test func findingsAreNotEncoded() throws {
        let bytes = try Self.request(showing: .presentationContextIDEven)
        var rq = try F.decodeRQ(bytes)
        #expect(!rq.findings.isEmpty)
        #expect(try PDU.associateRQ(rq).encodedBytes(mode: .unchecked) == bytes)
        rq.findings = []
        #expect(try PDU.associateRQ(rq).encodedBytes(mode: .unchecked) == bytes)
    }

    /// Padded UIDs and AE titles are read tolerantly: the values are the stripped ones.
    @Test func tolerantOnReceive() throws {
        var rq = F.validRQ
        rq.presentationContexts[0].abstractSyntax = F.verification + "\0"
        rq.presentationContexts[0].transferSyntaxes = [F.implicitLE + " "]
        rq.userInformation.implementationClassUID = "1.2.3.4.5\0"
        rq.calledAETitleField = Array("  ASSOCMON".utf8) + [0x20, 0x20, 0, 0, 0, 0]
        let decoded = try F.decodeRQ(try F.bytes(rq))
        #expect(decoded.presentationContexts[0].abstractSyntax == F.verification)
        #expect(decoded.presentationContexts[0].transferSyntaxes == [F.implicitLE])
        #expect(decoded.userInformation.implementationClassUID == "1.2.3.4.5")
        #expect(decoded.calledAETitle == "ASSOCMON")
        #expect(AAssociateRQ.aeTitlesMatch(decoded.calledAETitle, "ASSOCMON  "))
        #expect(AAssociateRQ.aeTitlesMatch(" ASSOCMON", "ASSOCMON"))
        #expect(!AAssociateRQ.aeTitlesMatch("ASSOCMON", "assocmon"))
        #expect(decoded.findings.filter { $0.code == "uid-padded" }.count == 3)
    }

    @Test func maximumLengthZeroIsReadAsUnlimited() throws {
        var rq = F.validRQ
        rq.userInformation.maximumLength = 0
        let decoded = try F.decodeRQ(try F.bytes(rq))
        #expect(decoded.userInformation.maximumLength == 0)
        #expect(decoded.findings.map(\.code) == ["max-length-zero"])
    }
}

extension ConformanceFindingTests {
    /// Thousands of odd items yield a bounded list of findings (no amplification of hostile input).
    @Test func findingsAreBoundedPerCode() throws {
        var rq = F.validRQ
        rq.presentationContexts = (0..<2000).map {
            PresentationContextRQItem(id: UInt8(truncatingIfNeeded: 2 * $0), abstractSyntax: F.verification,
                                      transferSyntaxes: [F.implicitLE])
        }
        let decoded = try F.decodeRQ(try F.bytes(rq))
        #expect(decoded.presentationContexts.count == 2000)
        let even = decoded.findings.filter { $0.code == "pc-id-even" }
        #expect(even.count == 17)
        #expect(even.last?.message == "… and 1984 more of the same")
        #expect(decoded.findings.count < 60)
    }
}
