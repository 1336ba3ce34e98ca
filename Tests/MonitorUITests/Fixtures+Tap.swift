import AssociationEvents
import DICOMUpperLayer
import Foundation
@testable import MonitorUI

/// Tap mode: associations assocmon relays to a PACS at 10.9.9.9:104, as the engine reports them.
extension Fixtures {
    static let pacs = "10.9.9.9:104"

    static func forward(_ answer: UpstreamAnswer, ms: Double? = 14, raw: [UInt8]? = nil) -> Forward {
        Forward(address: pacs, callingAETitle: "CT_SCANNER_01", calledAETitle: "ASSOCMON", answer: answer,
                answerMilliseconds: answer == .connecting ? nil : ms, raw: raw)
    }

    /// `pacsAccepted` as the PACS's A-ASSOCIATE-AC PDU arrives (PS3.8 §9.3.3), encoded by the upper layer.
    static let pacsACRaw: [UInt8] = {
        let ac = AAssociateAC(
            calledAETitle: "ASSOCMON", callingAETitle: "CT_SCANNER_01",
            presentationContexts: [PresentationContextACItem(id: 1, result: .acceptance, transferSyntax: jpegLossless),
                                   PresentationContextACItem(id: 3, result: .acceptance, transferSyntax: implicitLE),
                                   PresentationContextACItem(id: 5, result: .abstractSyntaxNotSupported,
                                                             transferSyntax: nil)],
            userInformation: UserInformation(
                maximumLength: 16384, implementationClassUID: "1.2.276.0.7230010.3.0.3.6.7",
                implementationVersionName: "OFFIS_DCMTK_367",
                roleSelections: [SCPSCURoleSelection(sopClassUID: ctImage, scuRole: 1, scpRole: 0)]))
        return (try? PDU.associateAC(ac).encoded()).map { Array($0.readableBytesView) } ?? []
    }()

    /// The PACS's A-ASSOCIATE-RJ 1/1/7 (rejected-permanent, service-user, called AE title not recognized) as it
    /// arrives (PS3.8 §9.3.4).
    static let pacsRJRaw: [UInt8] = (try? PDU.associateRJ(AAssociateRJ(result: 1, source: 1, reason: 7)).encoded())
        .map { Array($0.readableBytesView) } ?? []

    /// The PACS (DCMTK storescp) accepts CT and MR, each in its own transfer syntax, and not the private class.
    static let pacsAccepted = UpstreamAccepted(
        presentationContexts: [ContextDecision(id: 1, result: 0, transferSyntax: jpegLossless),
                               ContextDecision(id: 3, result: 0, transferSyntax: implicitLE),
                               ContextDecision(id: 5, result: 3)],
        roleSelections: [RoleSelection(sopClassUID: ctImage, scuRole: 1, scpRole: 0)], maxPDULength: 16384,
        implementationClassUID: "1.2.276.0.7230010.3.0.3.6.7", implementationVersionName: "OFFIS_DCMTK_367")

    /// `storeRequest` forwarded to the PACS: the upstream A-ASSOCIATE-RQ on its way.
    static func tappedRequest(_ id: Int, peer: String = "10.1.2.3:40300", at seconds: Double = 0) -> EngineEvent {
        guard case .associationRequested(var request) = storeRequest(id, peer: peer, at: seconds) else {
            return storeRequest(id, peer: peer, at: seconds)
        }
        request.forward = forward(.connecting)
        return .associationRequested(request)
    }

    static func forwardAnswered(_ id: Int, _ answer: UpstreamAnswer, at seconds: Double,
                                raw: [UInt8]? = nil) -> EngineEvent {
        .forwardAnswered(ForwardAnswered(association: id, forward: forward(answer, raw: raw),
                                         time: t0.addingTimeInterval(seconds)))
    }

    /// A relayed message: `leg` says who sent it; a response from the PACS carries its response time.
    static func relayed(_ id: Int, _ command: String, field: Int, leg: DIMSELeg, message: Int, status: Int? = nil,
                        responseMs: Double? = nil, bytes: Int = 0, at seconds: Double) -> EngineEvent {
        var m = DIMSEMessage(association: id, direction: .received, command: command, commandField: field,
                             messageID: status == nil ? message : nil,
                             messageIDBeingRespondedTo: status == nil ? nil : message, presentationContext: 1,
                             affectedSOPClassUID: ctImage, affectedSOPInstanceUID: "1.2.826.0.1.3680043.8.498.\(message)",
                             status: status, bytes: bytes, durationMilliseconds: nil, time: t0.addingTimeInterval(seconds))
        m.leg = leg
        m.responseMilliseconds = responseMs
        return .dimse(m)
    }

    /// The busy screen plus three tapped associations: #8 held while the PACS accepted two of three contexts,
    /// #9 established with three stores relayed (one answered slowly, one failed), #10 held after the PACS
    /// rejected it 1/1/7.
    static func tapped(size: TerminalSize = TerminalSize(columns: 80, rows: 24), monochrome: Bool = false) -> MonitorState {
        var s = busy(size: size, monochrome: monochrome)
        s = apply(s, opened(9, peer: "10.1.2.3:40301", at: 20.1), tappedRequest(9, peer: "10.1.2.3:40301", at: 20.1),
                  forwardAnswered(9, .accepted(pacsAccepted), at: 20.2))
        let accepted = AssociationAccepted(
            association: 9, decidedBy: .operator, presentationContexts: pacsAccepted.presentationContexts,
            roleSelections: [], maxPDULength: 16384, raw: [], time: t0.addingTimeInterval(20.3),
            forward: forward(.accepted(pacsAccepted)))
        s = apply(s, .associationAccepted(accepted))
        feed(&s, [
            relayed(9, "C-STORE-RQ", field: 1, leg: .requestor, message: 1, bytes: 524_288, at: 20.4),
            relayed(9, "C-STORE-RSP", field: 0x8001, leg: .upstream, message: 1, status: 0, responseMs: 8, at: 20.41),
            relayed(9, "C-STORE-RQ", field: 1, leg: .requestor, message: 2, bytes: 524_288, at: 20.5),
            relayed(9, "C-STORE-RSP", field: 0x8001, leg: .upstream, message: 2, status: 0, responseMs: 1450,
                    at: 21.95),
            relayed(9, "C-STORE-RQ", field: 1, leg: .requestor, message: 3, bytes: 524_288, at: 22),
            relayed(9, "C-STORE-RSP", field: 0x8001, leg: .upstream, message: 3, status: 0xA700, responseMs: 31,
                    at: 22.03),
        ])
        s = apply(s, opened(10, peer: "10.1.2.3:40302", at: 20.6), tappedRequest(10, peer: "10.1.2.3:40302", at: 20.6),
                  forwardAnswered(10, .rejected(result: 1, source: 1, reason: 7), at: 20.65))
        s = apply(s, opened(8, peer: "10.1.2.3:40300", at: 20.7), tappedRequest(8, at: 20.7),
                  forwardAnswered(8, .accepted(pacsAccepted), at: 20.75))
        s = MonitorReducer.reduce(s, .tick(t0.addingTimeInterval(23))).0
        return s
    }
}
