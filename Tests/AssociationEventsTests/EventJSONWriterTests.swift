@testable import AssociationEvents
import Foundation
import Testing

/// The byte writer must produce the headless JSON-lines contract exactly: compared byte for byte with the lines the
/// contract's earlier `Codable` encoder wrote, for every event kind, with strings that need escaping (quotes,
/// backslash, control characters, non-ASCII) and with optionals both present and absent.
@Suite struct EventJSONWriterTests {
    static let awkward = "a\"b\\c\nd\re\tf\u{1}g\u{1F}h é 漢 🙂 /"
    static let time = Date(timeIntervalSince1970: 1_795_615_200.123)
    static let pastTime = Date(timeIntervalSince1970: 5.9996)  // rounds up into the next second
    static let tls = TLSFacts(protocol: "TLSv1.3", cipherSuite: "TLS_AES_128_GCM_SHA256",
                              peerCertificateSubject: "CN=\(awkward)", peerCertificateIssuer: nil,
                              peerCertificateNotAfter: time, peerCertificateVerified: true)

    static func requested(full: Bool) -> AssociationRequested {
        AssociationRequested(
            association: full ? 1_234_567_890_123 : 0, peer: awkward, callingAETitle: "EC\"HO",
            calledAETitle: "ASSOCMON ", calledAETitleMismatch: full, applicationContextName: "1.2.840.10008.3.1.1.1",
            protocolVersion: 1, maxPDULength: full ? 16384 : 0,
            implementationClassUID: full ? "1.2.276.0.7230010.3.0.3.6.7" : nil,
            implementationVersionName: full ? awkward : nil, implementation: full ? "DCMTK" : nil,
            maxOperationsInvoked: full ? 0 : nil, maxOperationsPerformed: full ? 3 : nil,
            presentationContexts: full ? [ProposedContext(id: 1, abstractSyntax: "1.2.840.10008.1.1",
                                                          transferSyntaxes: ["1.2.840.10008.1.2", awkward]),
                                          ProposedContext(id: 3, abstractSyntax: awkward, transferSyntaxes: [])]
                                       : [],
            roleSelections: full ? [RoleSelection(sopClassUID: "1.2.3", scuRole: 1, scpRole: 0),
                                    RoleSelection(sopClassUID: awkward, scuRole: -1, scpRole: 255)] : [],
            extendedNegotiations: full ? [ExtendedNegotiation(sopClassUID: "1.2", applicationInformation: "0a01",
                                                              serviceClassUID: awkward,
                                                              relatedGeneralSOPClassUIDs: ["1", awkward]),
                                          ExtendedNegotiation(sopClassUID: "1.3")] : [],
            userIdentity: full ? UserIdentity(type: 2, positiveResponseRequested: true, primaryField: awkward,
                                              secondaryFieldLength: 6) : nil,
            findings: full ? [FindingSummary(code: "x", severity: "info", message: awkward)] : [],
            deadline: full ? pastTime : nil,
            proposal: Proposal(presentationContexts: full ? [ContextDecision(id: 1, result: 0,
                                                                             transferSyntax: "1.2.840.10008.1.2",
                                                                             reason: "accepted"),
                                                             ContextDecision(id: 3, result: 3, reason: awkward),
                                                             ContextDecision(id: 5, result: 4)] : [],
                               roleSelections: full ? [RoleSelection(sopClassUID: "9", scuRole: 0, scpRole: 1)] : [],
                               maxPDULength: 262_144),
            raw: full ? [0x01, 0x00, 0x00, 0x00, 0x00, 0xCA, 0xFE] : [], time: time, tls: full ? tls : nil)
    }

    static let events: [EngineEvent] = [
        .connectionOpened(ConnectionOpened(association: 7, peer: "127.0.0.1:50312", local: awkward, time: time)),
        .connectionOpened(ConnectionOpened(association: 8, peer: "p", local: "l", time: pastTime, tls: tls)),
        .connectionOpened(ConnectionOpened(association: 9, peer: "p", local: "l", time: time,
                                           tls: TLSFacts(protocol: "TLSv1.2", cipherSuite: "c",
                                                         peerCertificateSubject: nil, peerCertificateIssuer: "I",
                                                         peerCertificateNotAfter: nil,
                                                         peerCertificateVerified: false))),
        .associationRequested(requested(full: true)),
        .associationRequested(requested(full: false)),
        .associationAccepted(AssociationAccepted(
            association: 7, decidedBy: .operator,
            presentationContexts: [ContextDecision(id: 1, result: 0, transferSyntax: awkward),
                                   ContextDecision(id: 3, result: 4, reason: awkward)],
            roleSelections: [RoleSelection(sopClassUID: "1.2", scuRole: 1, scpRole: 1)],
            maxPDULength: 16384, raw: [0x02, 0x00, 0x00, 0x00], time: time)),
        .associationAccepted(AssociationAccepted(association: 7, decidedBy: .policy, presentationContexts: [],
                                                 roleSelections: [], maxPDULength: 0, raw: [], time: time)),
        .dimse(DIMSEMessage(association: 7, direction: .received, command: "C-ECHO-RQ", commandField: 0x0030,
                            messageID: 1, messageIDBeingRespondedTo: nil, presentationContext: 1,
                            affectedSOPClassUID: "1.2.840.10008.1.1", affectedSOPInstanceUID: nil, status: nil,
                            bytes: 0, durationMilliseconds: nil, time: time)),
        .dimse(DIMSEMessage(association: 7, direction: .sent, command: "C-STORE-RSP", commandField: 0x8001,
                            messageID: nil, messageIDBeingRespondedTo: 65535, presentationContext: 255,
                            affectedSOPClassUID: awkward, affectedSOPInstanceUID: "1.2.3.4", status: 0xA700,
                            bytes: 1_048_576, durationMilliseconds: 0.123456789, time: time, state: .sta7)),
        .dimse(DIMSEMessage(association: 7, direction: .sent, command: "C-ECHO-RSP", commandField: 0x8030,
                            messageID: nil, messageIDBeingRespondedTo: 1, presentationContext: 1,
                            affectedSOPClassUID: nil, affectedSOPInstanceUID: nil, status: 0, bytes: 0,
                            durationMilliseconds: 12, time: time)),
        .dimse(DIMSEMessage(association: 7, direction: .sent, command: "X", commandField: 1, messageID: -5,
                            messageIDBeingRespondedTo: nil, presentationContext: 1, affectedSOPClassUID: nil,
                            affectedSOPInstanceUID: nil, status: nil, bytes: 0, durationMilliseconds: -3,
                            time: time)),
        .dimse(DIMSEMessage(association: 7, direction: .sent, command: "X", commandField: 1, messageID: nil,
                            messageIDBeingRespondedTo: nil, presentationContext: 1, affectedSOPClassUID: nil,
                            affectedSOPInstanceUID: nil, status: nil, bytes: 0, durationMilliseconds: 1e20,
                            time: time)),
        .dimse(DIMSEMessage(association: 7, direction: .received, command: "C-STORE-RQ", commandField: 1,
                            messageID: 3, messageIDBeingRespondedTo: nil, presentationContext: 1,
                            affectedSOPClassUID: "1.2", affectedSOPInstanceUID: awkward, status: nil, bytes: 5,
                            durationMilliseconds: nil, time: time,
                            findings: [FindingSummary(code: "dimse.group-length", severity: "warning",
                                                      message: awkward),
                                       FindingSummary(code: "pdv.odd-fragment", severity: "error", message: "m")])),
        .dimse(DIMSEMessage(association: 7, direction: .received, command: "C-STORE-RQ", commandField: 1,
                            messageID: 4, messageIDBeingRespondedTo: nil, presentationContext: 3,
                            affectedSOPClassUID: "1.2", affectedSOPInstanceUID: "1.3", status: nil, bytes: 9,
                            durationMilliseconds: nil, time: time,
                            findings: [FindingSummary(code: "data-set-odd-value-length", severity: "warning",
                                                      message: awkward)],
                            dataSet: DataSetSummary(
                                read: "pixel-data", transferSyntax: "Explicit VR Little Endian", bytesRead: 1234,
                                specificCharacterSet: "\\ISO 2022 IR 87", patientID: awkward,
                                patientName: "Yamada^Tarou=山田^太郎", studyDate: "20040119",
                                studyDescription: awkward, modality: "CT", seriesNumber: "1", instanceNumber: "-2",
                                rows: 512, columns: 0, numberOfFrames: "3", sopClassUID: "1.2",
                                sopInstanceUID: "1.3", studyInstanceUID: "1.4", seriesInstanceUID: "1.5"))),
        .dimse(DIMSEMessage(association: 7, direction: .received, command: "C-STORE-RQ", commandField: 1,
                            messageID: 4, messageIDBeingRespondedTo: nil, presentationContext: 3,
                            affectedSOPClassUID: nil, affectedSOPInstanceUID: nil, status: nil, bytes: 0,
                            durationMilliseconds: nil, time: time,
                            dataSet: DataSetSummary(read: "not-decoded", bytesRead: 0))),
        .dimse(DIMSEMessage(association: 7, direction: .received, command: "C-FIND-RQ", commandField: 0x20,
                            messageID: 5, messageIDBeingRespondedTo: nil, presentationContext: 5,
                            affectedSOPClassUID: "1.2.840.10008.5.1.4.31", affectedSOPInstanceUID: nil, status: nil,
                            bytes: 88, durationMilliseconds: nil, time: time,
                            identifier: IdentifierSummary(level: "STUDY", specificCharacterSet: "ISO_IR 192", keys: [
                                IdentifierKey(tag: "(0010,0010)", keyword: "PatientName", vr: "PN",
                                              matching: "wildcard", value: "Yamada*=山田*"),
                                IdentifierKey(tag: "(0040,0100)>(0008,0060)", vr: "CS", matching: "universal"),
                                IdentifierKey(tag: "(0009,1001)", vr: "UN", value: awkward),
                            ], keysNotListed: 3))),
        .dimse(DIMSEMessage(association: 7, direction: .sent, command: "C-FIND-RSP", commandField: 0x8020,
                            messageID: nil, messageIDBeingRespondedTo: 5, presentationContext: 5,
                            affectedSOPClassUID: nil, affectedSOPInstanceUID: nil, status: 0xFF00, bytes: 12,
                            durationMilliseconds: 1.5, time: time,
                            identifier: IdentifierSummary(keys: []))),
        .dimse(DIMSEMessage(association: 7, direction: .received, command: "N-ACTION-RQ", commandField: 0x130,
                            messageID: 6, messageIDBeingRespondedTo: nil, presentationContext: 7,
                            affectedSOPClassUID: nil, affectedSOPInstanceUID: nil, status: nil, bytes: 8,
                            durationMilliseconds: nil, time: time,
                            commitment: CommitmentSummary(transactionUID: "1.2.3", referencedInstances: 2))),
        .dimse(DIMSEMessage(association: 7, direction: .received, command: "N-EVENT-REPORT-RQ", commandField: 0x100,
                            messageID: 7, messageIDBeingRespondedTo: nil, presentationContext: 7,
                            affectedSOPClassUID: nil, affectedSOPInstanceUID: nil, status: nil, bytes: 8,
                            durationMilliseconds: nil, time: time,
                            commitment: CommitmentSummary(transactionUID: nil, referencedInstances: 0,
                                                          failedInstances: 1))),
        .dimse(DIMSEMessage(association: 7, direction: .received, command: "N-CREATE-RQ", commandField: 0x140,
                            messageID: 8, messageIDBeingRespondedTo: nil, presentationContext: 9,
                            affectedSOPClassUID: nil, affectedSOPInstanceUID: nil, status: nil, bytes: 8,
                            durationMilliseconds: nil, time: time,
                            procedureStep: ProcedureStepSummary(status: "IN PROGRESS", stepID: awkward,
                                                                startDate: "20261205", modality: "CT",
                                                                patientName: "Müller^Jörg"))),
        .dimse(DIMSEMessage(association: 7, direction: .received, command: "N-SET-RQ", commandField: 0x120,
                            messageID: 9, messageIDBeingRespondedTo: nil, presentationContext: 9,
                            affectedSOPClassUID: nil, affectedSOPInstanceUID: nil, status: nil, bytes: 8,
                            durationMilliseconds: nil, time: time,
                            procedureStep: ProcedureStepSummary(endTime: "1200"))),
        .dimse(DIMSEMessage(association: 7, direction: .received, command: "0x0FF0", commandField: 0x0FF0,
                            messageID: nil, messageIDBeingRespondedTo: nil, presentationContext: 1,
                            affectedSOPClassUID: nil, affectedSOPInstanceUID: nil, status: nil, bytes: 0,
                            durationMilliseconds: nil, time: time, findings: [])),
        .releaseRequested(ReleaseRequested(association: 7, time: time, state: .sta8)),
        .released(Released(association: 7, by: .engine, time: time)),
        .connectionClosed(ConnectionClosed(association: Int.max, time: pastTime)),
        .listening(Listening(addresses: ["0.0.0.0:11112", awkward], aeTitle: "A", policy: .accept, tls: false,
                             time: time)),
        .associationRejected(AssociationRejected(association: 7, decidedBy: .timeout, result: 2, source: 3,
                                                 reason: 1, time: time)),
        .listening(Listening(addresses: ["127.0.0.1:0"], aeTitle: "A", policy: .ask, tls: true, maxAssociations: 256,
                             maxPending: 64, maxPerPeer: 32, time: time)),
        .associationRejected(AssociationRejected(association: 8, decidedBy: .limit, result: 2, source: 3, reason: 2,
                                                 detail: awkward, time: time)),
        .stored(Stored(association: 7, sopClassUID: "1.2", sopInstanceUID: awkward, path: nil, bytes: 3, time: time)),
        .aborted(Aborted(association: 3, by: .engine, source: 2, reason: 6, detail: awkward, time: time)),
        .transportFailed(TransportFailed(association: 3, peer: "p", reason: awkward, time: time)),
        .policyChanged(PolicyChanged(policy: .ask, time: time)),
        .ruleAdded(RuleAdded(rule: awkward, saved: true, time: time)),
        .error(EngineErrorEvent(association: nil, message: awkward, time: time)),
        .stopping(Stopping(reason: "SIGTERM", time: time)),
        .eventsDropped(EventsDropped(dropped: 3, limit: 10_000, since: pastTime, associations: [
            EventsDropped.Tally(association: 7, messages: 3, bytes: 9, notSuccessful: 1, commands: [
                EventsDropped.CommandCount(command: "C-ECHO-RQ", count: 2),
                EventsDropped.CommandCount(command: awkward, count: 1),
            ]),
        ], time: time)),
    ] + tapEvents

    /// Tap mode: the upstream leg on association events, `forward-answered` in each of its answers, and the leg
    /// and upstream response time of relayed `dimse` messages.
    static let upstream = Forward(address: "127.0.0.1:11113", callingAETitle: "STORESCU", calledAETitle: awkward)
    static let upstreamAC = UpstreamAccepted(
        presentationContexts: [ContextDecision(id: 1, result: 0, transferSyntax: "1.2.840.10008.1.2.1"),
                               ContextDecision(id: 3, result: 3)],
        roleSelections: [RoleSelection(sopClassUID: "1.2.840.10008.5.1.4.1.1.2", scuRole: 0, scpRole: 1)],
        maxPDULength: 16384, implementationClassUID: "1.2.276.0.7230010.3.0.3.6.7",
        implementationVersionName: "OFFIS_DCMTK_367", maxOperationsInvoked: 1, maxOperationsPerformed: 1)
    static func answered(_ answer: UpstreamAnswer, milliseconds: Double = 2.5, tls: TLSFacts? = nil) -> EngineEvent {
        var forward = upstream
        forward.answer = answer; forward.answerMilliseconds = milliseconds; forward.tls = tls
        return .forwardAnswered(ForwardAnswered(association: 7, forward: forward, time: time))
    }
    /// The upstream's answer as received (`forward.raw`): its A-ASSOCIATE-RJ 1/1/7 PDU (PS3.8 §9.3.4), and an AC
    /// whose bytes are only a header, carried on to `association-accepted`.
    static let answeredAsReceived: EngineEvent = {
        var forward = upstream
        forward.answer = .rejected(result: 1, source: 1, reason: 7); forward.answerMilliseconds = 2.5
        forward.raw = [0x03, 0x00, 0x00, 0x00, 0x00, 0x04, 0x00, 0x01, 0x01, 0x07]
        return .forwardAnswered(ForwardAnswered(association: 7, forward: forward, time: time))
    }()
    static let acceptedWithPACSBytes: EngineEvent = {
        var accepted = AssociationAccepted(association: 7, decidedBy: .policy, presentationContexts: [],
                                           roleSelections: [], maxPDULength: 16384, raw: [2], time: time)
        accepted.forward = Forward(address: "pacs:104", callingAETitle: "A", calledAETitle: "B",
                                   answer: .accepted(UpstreamAccepted(presentationContexts: [], maxPDULength: 0)),
                                   answerMilliseconds: 1, raw: [0x02, 0x00, 0x00, 0x00, 0x00, 0x44])
        return .associationAccepted(accepted)
    }()
    static let tapEvents: [EngineEvent] = {
        var tapped = requested(full: false)
        tapped.forward = upstream
        var accepted = AssociationAccepted(association: 7, decidedBy: .operator, presentationContexts: [],
                                           roleSelections: [], maxPDULength: 16384, raw: [2], time: time)
        accepted.forward = Forward(address: "pacs:104", callingAETitle: "A", calledAETitle: "B",
                                   answer: .accepted(UpstreamAccepted(presentationContexts: [], maxPDULength: 0)),
                                   answerMilliseconds: 1)
        var rejected = AssociationRejected(association: 7, decidedBy: .policy, result: 2, source: 3, reason: 1,
                                           time: time)
        rejected.forward = Forward(address: "pacs:104", callingAETitle: "A", calledAETitle: "B",
                                   answer: .unreachable(detail: "connection refused"), answerMilliseconds: 0.25)
        var request = DIMSEMessage(association: 7, direction: .received, command: "C-STORE-RQ", commandField: 1,
                                   messageID: 1, messageIDBeingRespondedTo: nil, presentationContext: 1,
                                   affectedSOPClassUID: nil, affectedSOPInstanceUID: nil, status: nil, bytes: 10,
                                   durationMilliseconds: nil, time: time)
        request.leg = .requestor
        var response = DIMSEMessage(association: 7, direction: .received, command: "C-STORE-RSP",
                                    commandField: 0x8001, messageID: nil, messageIDBeingRespondedTo: 1,
                                    presentationContext: 1, affectedSOPClassUID: nil, affectedSOPInstanceUID: nil,
                                    status: 0, bytes: 0, durationMilliseconds: 3, time: time)
        response.leg = .upstream
        response.responseMilliseconds = 1.25
        return [.associationRequested(tapped), answered(.accepted(upstreamAC), tls: tls),
                answered(.rejected(result: 1, source: 1, reason: 7)), answered(.unreachable(detail: awkward)),
                answered(.timedOut, milliseconds: 10_000), answered(.aborted(source: 2, reason: 0)),
                answered(.connecting), .associationAccepted(accepted), .associationRejected(rejected),
                answeredAsReceived, acceptedWithPACSBytes,
                .dimse(request), .dimse(response),
                .aborted(Aborted(association: 7, by: .upstream, source: 0, reason: 0, time: time)),
                .released(Released(association: 7, by: .upstream, time: time))]
    }()

    @Test(arguments: zip(events, EventJSONGoldenLines.lines))
    func writerMatchesTheContractByteForByte(event: EngineEvent, expected: String) {
        let encoder = JSONLines.Encoder()
        var bytes: [UInt8] = Array("prefix".utf8)
        encoder.append(event, to: &bytes)
        #expect(bytes.starts(with: Array("prefix".utf8)), "appends, never replaces")
        #expect(String(decoding: bytes.dropFirst(6), as: UTF8.self) == expected)
        #expect(encoder.line(for: event) == expected)
    }

    @Test func everyEventKindHasAGoldenLine() {
        #expect(Self.events.count == EventJSONGoldenLines.lines.count)
        #expect(Set(Self.events.map(\.name)).count == 18, "all eighteen event kinds")
    }

    @Test(arguments: events)
    func linesReadBackAsTheSameEvent(event: EngineEvent) throws {
        let decoded = try JSONLines.event(from: JSONLines.line(for: event))
        // Times are kept to the millisecond; everything else must survive exactly.
        #expect(JSONLines.line(for: decoded) == JSONLines.line(for: event))
    }

    @Test func timesMatchTheStringFormatter() {
        for seconds in [0.0, 0.0004, 0.9996, 59.9995, 1_795_615_200.123, 1_795_615_200.9999, 253_402_300_799.999,
                        -0.5, -86_400.001] {
            let date = Date(timeIntervalSince1970: seconds)
            var bytes: [UInt8] = []
            JSONLines.appendTime(date, to: &bytes)
            #expect(String(decoding: bytes, as: UTF8.self) == JSONLines.formatTime(date), "\(seconds)")
        }
    }

    /// The arithmetic calendar agrees with `gmtime_r` on every day from 1900 to 2400 (leap years of every kind,
    /// 1900 and 2100 not, 2000 and 2400 yes), at a time of day that differs from one day to the next.
    @Test func everyDayOfFiveCenturiesMatchesTheCLibrary() {
        var mismatches = 0
        for day in Int64(-25_567)...Int64(157_054) {
            let millisecond = (day &* 7_919).magnitude % 86_400_000
            let date = Date(timeIntervalSince1970: Double(day * 86_400_000 + Int64(millisecond)) / 1000)
            var bytes: [UInt8] = []
            JSONLines.appendTime(date, to: &bytes)
            if String(decoding: bytes, as: UTF8.self) != JSONLines.formatTime(date) { mismatches += 1 }
        }
        #expect(mismatches == 0)
    }
}

