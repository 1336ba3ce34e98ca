import AssociationEvents
import DICOMUpperLayer
import Foundation
@testable import MonitorUI

/// Engine events and states for the reducer and snapshot tests, shaped like what real peers send.
enum Fixtures {
    /// 2026-11-25 17:00:00 UTC.
    static let t0 = Date(timeIntervalSince1970: 1_795_626_000)
    static let utc = TimeZone(identifier: "UTC") ?? .current

    static let verification = "1.2.840.10008.1.1"
    static let ctImage = "1.2.840.10008.5.1.4.1.1.2"
    static let mrImage = "1.2.840.10008.5.1.4.1.1.4"
    static let implicitLE = "1.2.840.10008.1.2"
    static let explicitLE = "1.2.840.10008.1.2.1"
    static let jpegLossless = "1.2.840.10008.1.2.4.70"

    /// A small UID table standing in for the codec's dictionary (names from PS3.6 Annex A).
    static let naming = UIDNaming(
        name: { uid in
            [
                "1.2.840.10008.3.1.1.1": "DICOM Application Context Name",
                verification: "Verification SOP Class",
                ctImage: "CT Image Storage",
                mrImage: "MR Image Storage",
                implicitLE: "Implicit VR Little Endian",
                explicitLE: "Explicit VR Little Endian",
                jpegLossless: "JPEG Lossless SV1",
                "1.2.840.10008.5.1.4.1.2.2.1": "Study Root Query/Retrieve Information Model - FIND",
                "1.2.840.10008.1.20.1": "Storage Commitment Push Model SOP Class",
                "1.2.840.10008.3.1.2.3.3": "Modality Performed Procedure Step SOP Class",
            ][uid]
        },
        toolkit: { uid in uid.hasPrefix("1.2.276.0.7230010.3") ? "DCMTK" : nil })

    /// The A-ASSOCIATE-RQ `echoscu -aet ECHOSCU -aec ANY-SCP` (DCMTK 3.6.7) sent, captured on 127.0.0.1.
    /// echoscu's A-ASSOCIATE-RQ (DCMTK 3.6.7), 211 bytes.
    static let dcmtkEchoRaw = bytes(hex: "0100000000cd00010000414e592d5343502020202020202020204543484f5343552020202020202020200000000000000000"
        + "00000000000000000000000000000000000000000000000010000015312e322e3834302e31303030382e332e312e312e3120"
        + "00002e0100ff0030000011312e322e3834302e31303030382e312e3140000011312e322e3834302e31303030382e312e3250"
        + "00003a51000004000040005200001b312e322e3237362e302e373233303031302e332e302e332e362e375500000f4f464649"
        + "535f44434d544b5f333637")

    /// Test input written as hex digits in pairs.
    static func bytes(hex: String) -> [UInt8] {
        var out: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex, let end = hex.index(index, offsetBy: 2, limitedBy: hex.endIndex),
              let byte = UInt8(hex[index..<end], radix: 16) {
            out.append(byte)
            index = end
        }
        return out
    }

    static func state(size: TerminalSize = TerminalSize(columns: 80, rows: 24), monochrome: Bool = false,
                      glyphs: Glyphs = .unicode) -> MonitorState {
        var state = MonitorState(now: t0, size: size, timeZone: utc, naming: naming, glyphs: glyphs,
                                 monochrome: monochrome)
        state = apply(state, .listening(Listening(addresses: ["0.0.0.0:11112"], aeTitle: "ASSOCMON", policy: .ask,
                                                 tls: false, time: t0)))
        return state
    }

    static func apply(_ state: MonitorState, _ events: EngineEvent...) -> MonitorState {
        var s = state
        for event in events { _ = MonitorReducer.reduce(into: &s, .event(event)) }
        return s
    }

    /// Feeds events in place (no copy of the association table per event).
    static func feed(_ state: inout MonitorState, _ events: [EngineEvent]) {
        for event in events { _ = MonitorReducer.reduce(into: &state, .event(event)) }
    }

    static func keys(_ state: MonitorState, _ keys: Key...) -> (MonitorState, [EngineCommand]) {
        var s = state
        var commands: [EngineCommand] = []
        for key in keys { commands += MonitorReducer.reduce(into: &s, .key(key)) }
        return (s, commands)
    }

    static func opened(_ id: Int, peer: String = "127.0.0.1:5\(4000)", at seconds: Double = 0) -> EngineEvent {
        .connectionOpened(ConnectionOpened(association: id, peer: peer, local: "127.0.0.1:11112",
                                           time: t0.addingTimeInterval(seconds)))
    }

    /// What the engine reports for `echoscu -aet ECHOSCU -aec ANY-SCP` against our AE title ASSOCMON.
    static func dcmtkEcho(_ id: Int, peer: String = "127.0.0.1:54012", at seconds: Double = 0,
                          deadline: Double = 30) -> EngineEvent {
        .associationRequested(AssociationRequested(
            association: id, peer: peer, callingAETitle: "ECHOSCU", calledAETitle: "ANY-SCP",
            calledAETitleMismatch: true, applicationContextName: "1.2.840.10008.3.1.1.1", protocolVersion: 1,
            maxPDULength: 16384, implementationClassUID: "1.2.276.0.7230010.3.0.3.6.7",
            implementationVersionName: "OFFIS_DCMTK_367", implementation: "DCMTK", maxOperationsInvoked: nil,
            maxOperationsPerformed: nil,
            presentationContexts: [ProposedContext(id: 1, abstractSyntax: verification, transferSyntaxes: [implicitLE])],
            roleSelections: [], extendedNegotiations: [], userIdentity: nil,
            findings: [FindingSummary(code: "called-ae-mismatch", severity: "warning",
                                      message: "called AE title \"ANY-SCP\" is not ours (\"ASSOCMON\")")],
            deadline: t0.addingTimeInterval(seconds + deadline),
            proposal: Proposal(presentationContexts: [ContextDecision(id: 1, result: 0, transferSyntax: implicitLE)],
                               maxPDULength: 16384),
            raw: dcmtkEchoRaw, time: t0.addingTimeInterval(seconds)))
    }

    /// A storescu-like request: three contexts, one the engine would not accept, user identity, roles.
    static func storeRequest(_ id: Int, peer: String = "10.1.2.3:40112", at seconds: Double = 0,
                             deadline: Double = 30) -> EngineEvent {
        .associationRequested(AssociationRequested(
            association: id, peer: peer, callingAETitle: "CT_SCANNER_01", calledAETitle: "ASSOCMON",
            calledAETitleMismatch: false, applicationContextName: "1.2.840.10008.3.1.1.1", protocolVersion: 1,
            maxPDULength: 0, implementationClassUID: "1.2.826.0.1.3680043.9.3811.3.0.4",
            implementationVersionName: "PYNETDICOM_304", implementation: "pynetdicom", maxOperationsInvoked: 1,
            maxOperationsPerformed: 1,
            presentationContexts: [
                ProposedContext(id: 1, abstractSyntax: ctImage, transferSyntaxes: [jpegLossless, explicitLE, implicitLE]),
                ProposedContext(id: 3, abstractSyntax: mrImage, transferSyntaxes: [explicitLE, implicitLE]),
                ProposedContext(id: 5, abstractSyntax: "1.2.3.4.5.6.7.8.9", transferSyntaxes: [implicitLE]),
            ],
            roleSelections: [RoleSelection(sopClassUID: ctImage, scuRole: 1, scpRole: 0)],
            extendedNegotiations: [], userIdentity: UserIdentity(type: 2, positiveResponseRequested: true,
                                                                 primaryField: "tech", secondaryFieldLength: 8),
            findings: [
                FindingSummary(code: "max-pdu-zero", severity: "warning",
                               message: "maximum length 0 (unlimited); sending at most 131072"),
                FindingSummary(code: "even-context-id", severity: "error",
                               message: "presentation context ID 4 is even (PS3.8 §9.3.2.2)"),
            ],
            deadline: t0.addingTimeInterval(seconds + deadline),
            proposal: Proposal(presentationContexts: [
                ContextDecision(id: 1, result: 0, transferSyntax: explicitLE),
                ContextDecision(id: 3, result: 0, transferSyntax: explicitLE),
                ContextDecision(id: 5, result: 3, reason: privateClassReason),
            ], maxPDULength: 16384),
            raw: [], time: t0.addingTimeInterval(seconds)))
    }

    /// The engine's reason for context 5 (an unknown SOP class), as `ProposalBuilder` words it.
    static let privateClassReason = "1.2.3.4.5.6.7.8.9: not Verification or a Storage SOP class"
        + " (unknown or private; --accept-unknown-sop-classes would accept it)"

    static func accepted(_ id: Int, at seconds: Double = 2) -> EngineEvent {
        .associationAccepted(AssociationAccepted(
            association: id, decidedBy: .operator,
            presentationContexts: [ContextDecision(id: 1, result: 0, transferSyntax: explicitLE),
                                   ContextDecision(id: 3, result: 0, transferSyntax: explicitLE),
                                   ContextDecision(id: 5, result: 3, reason: privateClassReason)],
            roleSelections: [], maxPDULength: 16384, raw: [], time: t0.addingTimeInterval(seconds)))
    }

    static func storeTraffic(_ id: Int, count: Int, from seconds: Double = 3) -> [EngineEvent] {
        (0..<count).flatMap { i -> [EngineEvent] in
            let t = t0.addingTimeInterval(seconds + Double(i))
            let instance = "1.2.826.0.1.3680043.8.498.\(1000 + i)"
            return [
                .dimse(DIMSEMessage(association: id, direction: .received, command: "C-STORE-RQ", commandField: 1,
                                    messageID: i + 1, messageIDBeingRespondedTo: nil, presentationContext: 1,
                                    affectedSOPClassUID: ctImage, affectedSOPInstanceUID: instance, status: nil,
                                    bytes: 524_288, durationMilliseconds: nil, time: t)),
                .stored(Stored(association: id, sopClassUID: ctImage, sopInstanceUID: instance,
                               path: "received/CT_SCANNER_01/\(instance).dcm", bytes: 524_416, time: t)),
                .dimse(DIMSEMessage(association: id, direction: .sent, command: "C-STORE-RSP", commandField: 0x8001,
                                    messageID: nil, messageIDBeingRespondedTo: i + 1, presentationContext: 1,
                                    affectedSOPClassUID: ctImage, affectedSOPInstanceUID: instance,
                                    status: i == 2 ? 0xB007 : 0, bytes: 0, durationMilliseconds: 12.5 + Double(i),
                                    time: t)),
            ]
        }
    }

    /// A C-STORE-RQ sent carelessly (odd data set fragment, wrong Command Group Length) and its response: the
    /// reassembler's findings ride on the received message's `dimse` event.
    static let storeFindings = [
        FindingSummary(code: "dimse.group-length", severity: "warning",
                       message: "Command Group Length says 132, elements take 130"),
        FindingSummary(code: "pdv.odd-fragment", severity: "error", message: "odd data set fragment length 4095 on context 1"),
    ]

    static func carelessStore(_ id: Int, at seconds: Double = 3) -> [EngineEvent] {
        let t = t0.addingTimeInterval(seconds)
        let instance = "1.2.826.0.1.3680043.8.498.2000"
        return [
            .dimse(DIMSEMessage(association: id, direction: .received, command: "C-STORE-RQ", commandField: 1,
                                messageID: 1, messageIDBeingRespondedTo: nil, presentationContext: 1,
                                affectedSOPClassUID: ctImage, affectedSOPInstanceUID: instance, status: nil,
                                bytes: 4095, durationMilliseconds: nil, time: t, findings: storeFindings)),
            .dimse(DIMSEMessage(association: id, direction: .sent, command: "C-STORE-RSP", commandField: 0x8001,
                                messageID: nil, messageIDBeingRespondedTo: 1, presentationContext: 1,
                                affectedSOPClassUID: ctImage, affectedSOPInstanceUID: instance, status: 0,
                                bytes: 0, durationMilliseconds: 3, time: t)),
        ]
    }

    /// Two C-STOREs whose data sets were read as they streamed in: a CT as DCMTK storescu sends pydicom's CT_small,
    /// and a multi-frame one whose SOP Instance UID is not the command's.
    static func storesWithDataSets(_ id: Int, at seconds: Double = 3) -> [EngineEvent] {
        let t = t0.addingTimeInterval(seconds)
        let ct = DataSetSummary(
            read: "pixel-data", transferSyntax: "Explicit VR Little Endian", bytesRead: 2936, patientID: "1CT1",
            patientName: "CompressedSamples^CT1", studyDate: "20040119", studyDescription: "e+1", modality: "CT",
            seriesNumber: "1", instanceNumber: "1", rows: 128, columns: 128, sopClassUID: ctImage,
            sopInstanceUID: "1.3.6.1.4.1.5962.1.1.1.1.1.20040119072730.12322")
        let xa = DataSetSummary(
            read: "pixel-data", transferSyntax: "Explicit VR Little Endian", bytesRead: 1840, patientID: "P-00042",
            patientName: "Doe^Jane", studyDate: "20261205", studyDescription: "Coronary angiography",
            modality: "XA", seriesNumber: "3", instanceNumber: "12", rows: 512, columns: 512, numberOfFrames: "30",
            sopClassUID: "1.2.840.10008.5.1.4.1.1.12.1", sopInstanceUID: "1.2.3.5")
        let mismatch = FindingSummary(code: "data-set-sop-instance-mismatch", severity: "error",
                                      message: "SOP Instance UID (0008,0018) 1.2.3.5 differs from Affected SOP "
                                          + "Instance UID (0000,1000) 1.2.3.4")
        return [
            .dimse(DIMSEMessage(association: id, direction: .received, command: "C-STORE-RQ", commandField: 1,
                                messageID: 1, messageIDBeingRespondedTo: nil, presentationContext: 1,
                                affectedSOPClassUID: ctImage, affectedSOPInstanceUID: ct.sopInstanceUID,
                                status: nil, bytes: 39_086, durationMilliseconds: nil, time: t, dataSet: ct)),
            .dimse(DIMSEMessage(association: id, direction: .sent, command: "C-STORE-RSP", commandField: 0x8001,
                                messageID: nil, messageIDBeingRespondedTo: 1, presentationContext: 1,
                                affectedSOPClassUID: ctImage, affectedSOPInstanceUID: ct.sopInstanceUID, status: 0,
                                bytes: 0, durationMilliseconds: 4, time: t)),
            .dimse(DIMSEMessage(association: id, direction: .received, command: "C-STORE-RQ", commandField: 1,
                                messageID: 2, messageIDBeingRespondedTo: nil, presentationContext: 3,
                                affectedSOPClassUID: "1.2.840.10008.5.1.4.1.1.12.1",
                                affectedSOPInstanceUID: "1.2.3.4", status: nil, bytes: 7_865_344,
                                durationMilliseconds: nil, time: t, findings: [mismatch], dataSet: xa)),
        ]
    }

    /// A Study Root C-FIND with a wildcard and a range, two pending responses and the final one; a storage
    /// commitment N-ACTION-RQ and an MPPS N-CREATE-RQ, as their `dimse` events carry them.
    static func queriesWithIdentifiers(_ id: Int, at seconds: Double = 3) -> [EngineEvent] {
        let t = t0.addingTimeInterval(seconds)
        let studyRoot = "1.2.840.10008.5.1.4.1.2.2.1"
        func key(_ tag: String, _ keyword: String, _ vr: String, _ matching: String?, _ value: String?) -> IdentifierKey {
            IdentifierKey(tag: tag, keyword: keyword, vr: vr, matching: matching, value: value)
        }
        let request = IdentifierSummary(level: "STUDY", keys: [
            key("(0008,0020)", "StudyDate", "DA", "range", "20040101-20041231"),
            key("(0010,0010)", "PatientName", "PN", "wildcard", "Compressed*"),
            key("(0010,0020)", "PatientID", "LO", "universal", nil),
            key("(0020,000D)", "StudyInstanceUID", "UI", "universal", nil),
        ])
        func response(_ id: String, _ name: String, _ date: String) -> IdentifierSummary {
            IdentifierSummary(level: "STUDY", keys: [
                key("(0008,0020)", "StudyDate", "DA", nil, date), key("(0010,0010)", "PatientName", "PN", nil, name),
                key("(0010,0020)", "PatientID", "LO", nil, id),
                key("(0020,000D)", "StudyInstanceUID", "UI", nil, "1.3.6.1.4.1.5962.1.2.1.20040119072730.12322"),
            ])
        }
        func rsp(_ status: Int, _ identifier: IdentifierSummary?, ms: Double) -> EngineEvent {
            .dimse(DIMSEMessage(association: id, direction: .sent, command: "C-FIND-RSP", commandField: 0x8020,
                                messageID: nil, messageIDBeingRespondedTo: 1, presentationContext: 1,
                                affectedSOPClassUID: studyRoot, affectedSOPInstanceUID: nil, status: status,
                                bytes: identifier == nil ? 0 : 122, durationMilliseconds: ms, time: t,
                                identifier: identifier))
        }
        return [
            .dimse(DIMSEMessage(association: id, direction: .received, command: "C-FIND-RQ", commandField: 0x20,
                                messageID: 1, messageIDBeingRespondedTo: nil, presentationContext: 1,
                                affectedSOPClassUID: studyRoot, affectedSOPInstanceUID: nil, status: nil, bytes: 74,
                                durationMilliseconds: nil, time: t, identifier: request)),
            rsp(0xFF00, response("1CT1", "CompressedSamples^CT1", "20040119"), ms: 1),
            rsp(0xFF00, response("4MR1", "CompressedSamples^MR1", "20040826"), ms: 1),
            rsp(0, nil, ms: 2),
            .dimse(DIMSEMessage(association: id, direction: .received, command: "N-ACTION-RQ", commandField: 0x130,
                                messageID: 2, messageIDBeingRespondedTo: nil, presentationContext: 3,
                                affectedSOPClassUID: "1.2.840.10008.1.20.1", affectedSOPInstanceUID: nil,
                                status: nil, bytes: 310, durationMilliseconds: nil, time: t,
                                commitment: CommitmentSummary(transactionUID: "2.25.4711", referencedInstances: 3))),
            .dimse(DIMSEMessage(association: id, direction: .received, command: "N-CREATE-RQ", commandField: 0x140,
                                messageID: 3, messageIDBeingRespondedTo: nil, presentationContext: 5,
                                affectedSOPClassUID: "1.2.840.10008.3.1.2.3.3", affectedSOPInstanceUID: "2.25.99",
                                status: nil, bytes: 812, durationMilliseconds: nil, time: t,
                                procedureStep: ProcedureStepSummary(
                                    status: "IN PROGRESS", stepID: "PPS1", stepDescription: "CT chest",
                                    startDate: "20261205", startTime: "170003", modality: "CT", patientID: "1CT1",
                                    patientName: "CompressedSamples^CT1"))),
        ]
    }

    static func released(_ id: Int, at seconds: Double) -> [EngineEvent] {
        [.releaseRequested(ReleaseRequested(association: id, time: t0.addingTimeInterval(seconds), state: .sta8)),
         .released(Released(association: id, time: t0.addingTimeInterval(seconds))),
         .connectionClosed(ConnectionClosed(association: id, time: t0.addingTimeInterval(seconds)))]
    }

    static func rejected(_ id: Int, at seconds: Double, by: DecidedBy = .rule) -> [EngineEvent] {
        [.associationRejected(AssociationRejected(association: id, decidedBy: by, result: 1, source: 1, reason: 3,
                                                  time: t0.addingTimeInterval(seconds))),
         .connectionClosed(ConnectionClosed(association: id, time: t0.addingTimeInterval(seconds)))]
    }

    /// A busy screen: finished, rejected, aborted, established with traffic, and two waiting requests.
    static func busy(size: TerminalSize = TerminalSize(columns: 80, rows: 24), monochrome: Bool = false,
                     glyphs: Glyphs = .unicode) -> MonitorState {
        var s = state(size: size, monochrome: monochrome, glyphs: glyphs)
        s = apply(s, opened(1, peer: "10.1.2.3:40100"), storeRequest(1, peer: "10.1.2.3:40100"), accepted(1))
        feed(&s, storeTraffic(1, count: 3))
        feed(&s, released(1, at: 8))
        s = apply(s, opened(2, peer: "192.168.7.20:1044", at: 9), dcmtkEcho(2, peer: "192.168.7.20:1044", at: 9))
        feed(&s, rejected(2, at: 9.5))
        s = apply(s, opened(3, peer: "10.1.2.3:40102", at: 10), storeRequest(3, peer: "10.1.2.3:40102", at: 10),
                  accepted(3, at: 11))
        feed(&s, storeTraffic(3, count: 2, from: 12))
        s = apply(s, .aborted(Aborted(association: 3, by: .peer, source: 0, reason: 0, time: t0.addingTimeInterval(14))))
        s = apply(s, opened(4, peer: "10.1.2.3:40110", at: 15), storeRequest(4, peer: "10.1.2.3:40110", at: 15),
                  accepted(4, at: 16))
        feed(&s, storeTraffic(4, count: 2, from: 17))
        s = apply(s, opened(5, peer: "127.0.0.1:54012", at: 18), dcmtkEcho(5, at: 18))
        s = apply(s, opened(6, peer: "10.1.2.3:40112", at: 19), storeRequest(6, at: 19))
        s = apply(s, opened(7, peer: "127.0.0.1:54013", at: 20))
        s = MonitorReducer.reduce(s, .tick(t0.addingTimeInterval(21))).0
        return s
    }
}

extension Fixtures {
    static let jpeg2000 = "1.2.840.10008.1.2.4.90"

    /// A storescu-like request proposing the maximum of 128 contexts (PS3.8 §9.3.2.2: odd IDs 1–255): 126 storage
    /// SOP classes the engine accepts, a private SOP class it does not know (result 3) and CT offered only as
    /// JPEG 2000, which it does not receive (result 4).
    static func manyContexts(_ id: Int, peer: String = "10.1.2.3:40200", at seconds: Double = 0) -> EngineEvent {
        let storage = Array(UIDDictionary.storageSOPClassUIDs.filter { $0 != ctImage }.prefix(126))
        var contexts = storage.enumerated().map { index, uid in
            ProposedContext(id: 2 * index + 1, abstractSyntax: uid, transferSyntaxes: [explicitLE, implicitLE])
        }
        contexts.insert(ProposedContext(id: 0, abstractSyntax: "1.2.826.0.1.3680043.8.498.77",
                                        transferSyntaxes: [implicitLE]), at: 40)
        contexts.insert(ProposedContext(id: 0, abstractSyntax: ctImage, transferSyntaxes: [jpeg2000]), at: 90)
        for index in contexts.indices { contexts[index].id = 2 * index + 1 }
        let proposal = contexts.map { context -> ContextDecision in
            if context.abstractSyntax.hasPrefix("1.2.826.") { return ContextDecision(id: context.id, result: 3) }
            if context.transferSyntaxes == [jpeg2000] { return ContextDecision(id: context.id, result: 4) }
            return ContextDecision(id: context.id, result: 0, transferSyntax: explicitLE)
        }
        return .associationRequested(AssociationRequested(
            association: id, peer: peer, callingAETitle: "STORESCU", calledAETitle: "ASSOCMON",
            calledAETitleMismatch: false, applicationContextName: "1.2.840.10008.3.1.1.1", protocolVersion: 1,
            maxPDULength: 16384, implementationClassUID: "1.2.276.0.7230010.3.0.3.6.7",
            implementationVersionName: "OFFIS_DCMTK_367", implementation: "DCMTK", maxOperationsInvoked: nil,
            maxOperationsPerformed: nil, presentationContexts: contexts, roleSelections: [], extendedNegotiations: [],
            userIdentity: nil, findings: [], deadline: t0.addingTimeInterval(seconds + 25),
            proposal: Proposal(presentationContexts: proposal, maxPDULength: 16384), raw: [],
            time: t0.addingTimeInterval(seconds)))
    }
}
