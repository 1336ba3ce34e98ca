import AssociationEvents
import Foundation
import Testing
@testable import MonitorUI

/// Tap mode in the front: the reducer keeps each tapped association's upstream and its answer; the list, the
/// Request, Contexts, Activity and Raw tabs and the reject dialog show it.
@Suite struct TapFrontTests {
    typealias F = Fixtures
    static let narrow = TerminalSize(columns: 80, rows: 24)
    static let wide = TerminalSize(columns: 132, rows: 43)

    // MARK: reducer

    @Test func theUpstreamIsKeptFromRequestToAnswer() {
        var s = F.apply(F.state(), F.opened(8), F.tappedRequest(8))
        #expect(s.associations[8]?.isTapped == true)
        #expect(s.associations[8]?.forward?.answer == .connecting)
        #expect(s.associations[1]?.isTapped ?? false == false)
        s = F.apply(s, F.forwardAnswered(8, .accepted(F.pacsAccepted), at: 1))
        #expect(s.associations[8]?.forward?.answer == .accepted(F.pacsAccepted))
        #expect(s.associations[8]?.forward?.answerMilliseconds == 14)
        #expect(s.associations[8]?.phase == .waiting, "the request is still held")
        guard case .note(let note)? = s.associations[8]?.activity.last?.kind else {
            Issue.record("no Activity note for the PACS's answer")
            return
        }
        #expect(note == "PACS 10.9.9.9:104 answered: A-ASSOCIATE-AC, 2 of 3 contexts accepted (14 ms)")
    }

    @Test func theDecisionEventsUpdateTheUpstream() {
        var s = F.apply(F.state(), F.opened(8), F.tappedRequest(8))
        s = F.apply(s, .associationRejected(AssociationRejected(
            association: 8, decidedBy: .policy, result: 2, source: 3, reason: 1, time: F.t0,
            forward: F.forward(.unreachable(detail: "connection refused")))))
        #expect(s.associations[8]?.forward?.answer == .unreachable(detail: "connection refused"))
        #expect(s.associations[8]?.phase == .rejected(result: 2, source: 3, reason: 1, by: .policy))
        // An accept without `forward` (not tapped) leaves what the front knows of the upstream alone.
        s = F.apply(s, F.opened(9), F.tappedRequest(9), F.forwardAnswered(9, .accepted(F.pacsAccepted), at: 1),
                    F.accepted(9))
        #expect(s.associations[9]?.forward?.answer == .accepted(F.pacsAccepted))
    }

    @Test func rejectDialogStartsOnThePACSsTriple() {
        var s = F.tapped()
        s.select(10)
        guard case .reject(let dialog)? = F.keys(s, .char("r")).0.overlay else {
            Issue.record("r opened no reject dialog")
            return
        }
        #expect(dialog.result == 1 && dialog.reason.source == 1 && dialog.reason.reason == 7)
        // Moving between reasons keeps the PACS's result (1, rejected-permanent) as chosen.
        s.select(8)
        guard case .reject(let accepted)? = F.keys(s, .char("r")).0.overlay else {
            Issue.record("r opened no reject dialog")
            return
        }
        #expect(accepted.result == 1 && accepted.reason.source == 1 && accepted.reason.reason == 1,
                "the PACS accepted: the usual default")
    }

    /// The modality calls the PACS by its AE title: in tap mode that is not ours, and neither the Request tab nor
    /// the reject dialog treats it as a reason.
    @Test func aCalledAETitleForThePACSIsNoFinding() throws {
        guard case .associationRequested(var request) = F.dcmtkEcho(8) else { return }
        request.forward = F.forward(.accepted(F.pacsAccepted))
        var s = F.apply(F.state(), F.opened(8), .associationRequested(request))
        s.select(8)
        let text = render(s, Self.wide).text
        #expect(text.contains("\"ANY-SCP\"") && !text.contains("ours (\"ASSOCMON\")"), "\(text)")
        guard case .reject(let dialog)? = F.keys(s, .char("r")).0.overlay else {
            Issue.record("r opened no reject dialog")
            return
        }
        #expect(dialog.reason.source == 1 && dialog.reason.reason == 1)
    }

    @Test func anUnreachablePACSPreselectsTransientCongestion() {
        var s = F.apply(F.state(), F.opened(8), F.tappedRequest(8),
                        F.forwardAnswered(8, .unreachable(detail: "connection refused"), at: 1))
        s.select(8)
        guard case .reject(let dialog)? = F.keys(s, .char("r")).0.overlay else {
            Issue.record("r opened no reject dialog")
            return
        }
        #expect(dialog.result == 2 && dialog.reason.source == 3 && dialog.reason.reason == 1)
    }

    /// Accepting relays the PACS's answer: the contexts shown are the PACS's, Space rejects one on both legs (and
    /// back), the PACS's own rejections and transfer syntaxes stand, and only the person's rejections are sent.
    @Test func editingATappedRequestRejectsContextsOfThePACSsAnswer() {
        var s = F.tapped()
        s.select(8)
        let relayed = s.associations[8]?.effectiveContexts ?? []
        #expect(relayed.map(\.result) == [0, 0, 3])
        #expect(relayed.first?.transferSyntax == F.jpegLossless, "the PACS's transfer syntax, not the engine's")
        // Contexts tab: reject CT (1), try the PACS-rejected private class (5), try a syntax change.
        s = F.keys(s, .char("2"), .space, .down, .down, .space).0
        #expect(s.message?.text.contains("the PACS rejected context 5") == true)
        s = F.keys(s, .char("t")).0
        #expect(s.message?.text.contains("the tap relays them") == true)
        #expect(s.associations[8]?.edits == [1: ContextDecision(id: 1, result: 1)])
        #expect(s.associations[8]?.differsFromProposal(1, shown: s.associations[8]?.shownContexts ?? []) == true)
        let (_, commands) = F.keys(s, .char("a"))
        #expect(commands == [.accept(association: 8, presentationContexts: [ContextDecision(id: 1, result: 1)],
                                     roleSelections: nil, remember: false)])
        // Space again on CT gives it back the PACS's answer: a plain accept.
        let restored = F.keys(s, .up, .up, .space).0
        #expect(restored.associations[8]?.edits.isEmpty == true)
        #expect(F.keys(restored, .char("a")).1 == [.accept(association: 8, presentationContexts: nil,
                                                           roleSelections: nil, remember: false)])
    }

    @Test func nothingToEditBeforeThePACSAccepts() {
        var s = F.apply(F.state(), F.opened(8), F.tappedRequest(8))
        s.select(8)
        #expect(s.associations[8]?.effectiveContexts.isEmpty == true)
        #expect(s.associations[8]?.contextCounts.accepted == 0)
        s = F.keys(s, .char("2"), .space).0
        #expect(s.associations[8]?.edits.isEmpty == true)
        #expect(s.message?.text.contains("no A-ASSOCIATE-AC to edit (connecting)") == true)
    }

    @Test func theFilterFindsTappedAssociationsByPACSAddress() {
        var s = F.tapped()
        s.filter = "10.9.9.9"
        #expect(Set(s.visibleIDs) == [8, 9, 10])
        s.filter = "tap"
        #expect(Set(s.visibleIDs) == [8, 9, 10])
    }

    // MARK: line formatting

    @Test func shortAnswersFitTheStateColumn() {
        let answers: [(UpstreamAnswer, String)] = [
            (.connecting, "PACS…"), (.accepted(F.pacsAccepted), "AC 2/3"),
            (.rejected(result: 1, source: 1, reason: 7), "RJ 1/1/7"), (.unreachable(detail: "refused"), "unreach"),
            (.timedOut, "timeout"), (.aborted(source: 2, reason: 0), "aborted"),
        ]
        for (answer, text) in answers {
            #expect(UpstreamAnswerText.short(answer) == text)
            // "◆ 25s ⇄ " takes 8 of the state column's 19.
            #expect(text.count <= 11)
        }
    }

    @Test func sentencesNameTheTripleAndTheTime() {
        #expect(UpstreamAnswerText.sentence(F.forward(.rejected(result: 1, source: 1, reason: 7)))
            == "A-ASSOCIATE-RJ 1/1/7 rejected-permanent, service-user: called-AE-title-not-recognized (14 ms)")
        #expect(UpstreamAnswerText.sentence(F.forward(.aborted(source: 2, reason: 0), ms: 2500))
            == "A-ABORT service-provider, reason-not-specified instead of an answer (2.5 s)")
        #expect(UpstreamAnswerText.sentence(F.forward(.connecting)).hasPrefix("no answer yet"))
    }

    @Test func listRowsMarkTappedAssociationsWithinEightyColumns() {
        let screen = render(F.tapped(size: Self.narrow), Self.narrow)
        let lines = screen.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let row8 = lines.first { $0.contains("#8 ") } ?? ""
        let row10 = lines.first { $0.contains("#10 ") } ?? ""
        let row9 = lines.first { $0.contains("#9 ") } ?? ""
        #expect(row8.contains("⇄ CT_SCAN") && row8.contains("⇄ AC 2/3"), "\(row8)")
        #expect(row10.contains("⇄ RJ 1/1/7"), "\(row10)")
        #expect(row9.contains("⇄ CT_SCAN") && row9.contains("● est"), "\(row9)")
        for line in lines { #expect(line.count <= 80) }
        // The contexts column still ends the row where the header says.
        let header = lines.first { $0.contains("calling") } ?? ""
        #expect(row8.count == header.count || row8.trimmingCharacters(in: .whitespaces).count <= header.count)
    }

    @Test func theListSaysWhenThePACSEndedIt() throws {
        var s = F.tapped()
        s = F.apply(s, .aborted(Aborted(association: 9, by: .upstream, source: 2, reason: 0,
                                        time: F.t0.addingTimeInterval(24))))
        let painter = Painter(state: s, size: Self.narrow)
        #expect(painter.stateCell(try #require(s.associations[9])).0 == "✗ aborted PACS")
        s = F.apply(F.tapped(), .released(Released(association: 9, by: .upstream, time: F.t0.addingTimeInterval(25))))
        let released = Painter(state: s, size: Self.narrow).stateCell(try #require(s.associations[9])).0
        #expect(released == "✓ released by PACS" && released.count <= 19)
    }

    @Test func requestAndPACSAnswerSideBySideWhenWide() {
        var s = F.tapped(size: Self.wide)
        s.select(8)
        let text = render(s, Self.wide).text
        let both = text.split(separator: "\n").first { $0.contains("Version name") } ?? ""
        #expect(both.components(separatedBy: "Version name").count == 3, "one per side:\n\(text)")
        #expect(both.contains("PYNETDICOM_304") && both.contains("OFFIS_DCMTK_367"), "\(both)")
        #expect(text.contains("A-ASSOCIATE-RQ from 10.1.2.3:40300") && text.contains("⇄ PACS 10.9.9.9:104"))
    }

    /// `--forward-tls`: the upstream's TLS facts arrive with `forward-answered` and the PACS column shows them.
    @Test func pacsColumnShowsTheUpstreamTLSFacts() throws {
        var forward = F.forward(.accepted(F.pacsAccepted))
        forward.tls = TLSFacts(protocol: "TLSv1.3", cipherSuite: "TLS_AES_256_GCM_SHA384",
                               peerCertificateSubject: "O=Site, CN=pacs.example", peerCertificateIssuer: "O=Site, CN=CA",
                               peerCertificateNotAfter: F.t0.addingTimeInterval(86_400), peerCertificateVerified: true)
        var s = F.apply(F.state(), F.opened(8), F.tappedRequest(8),
                        .forwardAnswered(ForwardAnswered(association: 8, forward: forward, time: F.t0)))
        #expect(s.associations[8]?.forward?.tls == forward.tls)
        s.select(8)
        let lines = Painter(state: s, size: Self.narrow).requestTabLines(try #require(s.associations[8]))
        let texts = lines.map { $0.spans.map(\.text).joined() }
        let pacs = texts.firstIndex { $0.hasPrefix("⇄ PACS 10.9.9.9:104") } ?? -1
        #expect(pacs >= 0 && texts[(pacs + 1)...].contains { $0.contains("TLSv1.3 TLS_AES_256_GCM_SHA384") }, "\(texts)")
        #expect(texts.contains { $0.contains("O=Site, CN=pacs.example (verified)") }, "\(texts)")
        #expect(pacs >= 0 && !texts[pacs...].contains { $0.contains("plain TCP") }, "\(texts)")
    }

    /// The Raw tab dissects the PACS's own A-ASSOCIATE-AC, as received, after the request; before it answered, and
    /// when it gave no answer, a note says why there are no bytes.
    @Test func rawTabDissectsThePACSsAnswerAsReceived() throws {
        func rawTexts(_ s: MonitorState, _ id: Int) throws -> [String] {
            Painter(state: s, size: Self.wide).rawLines(try #require(s.associations[id]))
                .map { $0.spans.map(\.text).joined() }
        }
        var s = F.apply(F.state(), F.opened(8), F.tappedRequest(8))
        #expect(try rawTexts(s, 8).contains("⇄ The PACS 10.9.9.9:104 has not answered yet."))
        s = F.apply(s, F.forwardAnswered(8, .accepted(F.pacsAccepted), at: 1, raw: F.pacsACRaw))
        // The accept event carries no bytes of the PACS here: those of `forward-answered` stay.
        s = F.apply(s, .associationAccepted(AssociationAccepted(
            association: 8, decidedBy: .operator, presentationContexts: F.pacsAccepted.presentationContexts,
            roleSelections: [], maxPDULength: 16384, raw: [], time: F.t0.addingTimeInterval(2),
            forward: F.forward(.accepted(F.pacsAccepted)))))
        #expect(s.associations[8]?.forward?.raw == F.pacsACRaw)
        let texts = try rawTexts(s, 8)
        let request = texts.firstIndex(of: "A-ASSOCIATE-RQ as received") ?? -1
        let answer = texts.firstIndex(of: "⇄ 10.9.9.9:104's A-ASSOCIATE-AC as received") ?? -1
        #expect(request >= 0 && answer > request, "\(texts)")
        let dissected = answer >= 0 ? Array(texts[answer...]) : []
        let header = "PDU header: type 0x02 A-ASSOCIATE-AC, PDU-length \(F.pacsACRaw.count - 6)"
        #expect(dissected.contains { $0.hasSuffix(header) }, "\(dissected)")
        #expect(dissected.contains { $0.hasSuffix("called AE title \"ASSOCMON\"") })
        #expect(dissected.contains { $0.contains("0x21 Presentation Context (AC), id 1, result 0, length") })
        #expect(dissected.contains { $0.contains("0x21 Presentation Context (AC), id 5, result 3, length") })
        #expect(dissected.contains { $0.hasSuffix("0x51 Maximum Length, length 4: 16384") })
        #expect(dissected.contains { $0.hasSuffix("0x55 Implementation Version Name, length 15: OFFIS_DCMTK_367") })
        #expect(!texts.contains { $0.contains("has not answered") || $0.contains("to show as bytes") })

        s = F.apply(s, F.opened(10), F.tappedRequest(10),
                    F.forwardAnswered(10, .rejected(result: 1, source: 1, reason: 7), at: 1, raw: F.pacsRJRaw))
        let rejected = try rawTexts(s, 10)
        let rj = rejected.firstIndex(of: "⇄ 10.9.9.9:104's A-ASSOCIATE-RJ as received") ?? -1
        #expect(rj >= 0 && rejected[rj...].contains { $0.hasSuffix("type 0x03 A-ASSOCIATE-RJ, PDU-length 4") },
                "\(rejected)")

        s = F.apply(s, F.opened(11), F.tappedRequest(11),
                    F.forwardAnswered(11, .unreachable(detail: "connection refused"), at: 1))
        let none = "⇄ The PACS 10.9.9.9:104 sent no A-ASSOCIATE-AC or -RJ to show as bytes (unreachable: connection refused"
        #expect(try rawTexts(s, 11).contains { $0.hasPrefix(none) })
    }

    @Test func pacsAnswerGoesUnderTheRequestWhenNarrow() throws {
        var s = F.tapped(size: Self.narrow)
        s.select(8)
        let lines = Painter(state: s, size: Self.narrow).requestTabLines(try #require(s.associations[8]))
        let texts = lines.map { $0.spans.map(\.text).joined() }
        let findings = texts.firstIndex { $0.hasPrefix("Findings") } ?? -1
        let pacs = texts.firstIndex { $0.hasPrefix("⇄ PACS 10.9.9.9:104") } ?? -1
        #expect(findings >= 0 && pacs > findings, "\(texts)")
        #expect(texts.contains { $0.contains("A-ASSOCIATE-AC in 14 ms") })
        #expect(texts.contains { $0.contains("2 of 3 accepted") })
    }

    @Test func contextsTabHasAPACSAnsweredColumn() {
        var s = F.tapped(size: Self.wide)
        s.select(8)
        s = F.keys(s, .char("2")).0
        let text = render(s, Self.wide).text
        #expect(text.contains("PACS answered: ⇄✓ JPEG"), "\(text)")
        #expect(text.contains("PACS answered: ⇄✗ 3 abstract-syntax"), "\(text)")
        #expect(text.contains("⇄ PACS answered: A-ASSOCIATE-AC, 2 of 3 contexts accepted (14 ms)"), "\(text)")
    }

    @Test func activityShowsDirectionResponseTimeAndFailures() {
        var s = F.tapped(size: Self.wide)
        s.select(9)
        s = F.keys(s, .char("3")).0
        let text = render(s, Self.wide).text
        #expect(text.contains("→PACS C-STORE-RQ"), "\(text)")
        #expect(text.contains("←PACS C-STORE-RSP"), "\(text)")
        #expect(text.contains("←PACS C-STORE-RSP  #2    0000 Success took 1.4 s slow CT Image Storage"), "\(text)")
        #expect(text.contains("A700 Out of resources"), "\(text)")
        #expect(text.contains("⇄ PACS 10.9.9.9:104: 3 responses, median 31 ms, max 1.4 s, 1 slow, 1 failed"),
                "\(text)")
    }

    /// A relayed C-STORE's data set, read as it passed, is shown under its line as a received one is.
    @Test func aRelayedStoreShowsWhatItCarried() {
        var s = F.tapped(size: Self.wide)
        guard case .dimse(var m) = F.relayed(9, "C-STORE-RQ", field: 1, leg: .requestor, message: 4, bytes: 524_288,
                                              at: 30) else {
            Issue.record("not a dimse event")
            return
        }
        m.dataSet = DataSetSummary(read: "prefix", transferSyntax: "1.2.840.10008.1.2.1", bytesRead: 4_096,
                                   patientID: "TAP-7", patientName: "Relay^Pat", modality: "CT", rows: 512,
                                   columns: 512, sopInstanceUID: "1.2.826.0.1.3680043.8.498.4")
        s = F.apply(s, .dimse(m))
        s.select(9)
        s = F.keys(s, .char("3")).0
        let lines = render(s, Self.wide).text.split(separator: "\n").map(String.init)
        let store = lines.firstIndex { $0.contains("→PACS C-STORE-RQ   #4") }
        #expect(store != nil, "\(lines.joined(separator: "\n"))")
        if let store, store + 1 < lines.count {
            #expect(lines[store + 1].contains("CT  512x512  TAP-7 Relay^Pat"), "\(lines[store + 1])")
        }
    }

    @Test func slowAndFailedAnswersAreStyledToStandOut() throws {
        var s = F.tapped(size: Self.wide)
        s.select(9)
        let painter = Painter(state: s, size: Self.wide)
        let slow = painter.responseTimeSpans(1450)
        #expect(slow.filter { !$0.text.trimmingCharacters(in: .whitespaces).isEmpty }
            .allSatisfy { $0.role == .error && $0.attributes.contains(.bold) })
        #expect(slow.contains { $0.text == " slow" })
        let quick = painter.responseTimeSpans(8)
        #expect(quick.count == 1 && quick[0].role == .accent && quick[0].text == "took 8 ms ")
        let failed = painter.activityLines(try #require(s.associations[9])).first { line in
            line.spans.contains { $0.text.hasPrefix("A700") }
        }
        let status = failed?.spans.first { $0.text.hasPrefix("A700") }
        #expect(status?.role == .error && status?.attributes.contains(.underline) == true)
    }

    // MARK: snapshots (80×24 and 132×43)

    private func check(_ name: String, _ make: (TerminalSize) -> MonitorState,
                       sourceLocation: SourceLocation = #_sourceLocation) {
        for size in [Self.narrow, Self.wide] {
            let screen = render(make(size), size)
            assertSnapshot(screen, named: "\(name)-\(size.columns)x\(size.rows)", sourceLocation: sourceLocation)
        }
    }

    @Test func snapshotRequestTab() {
        check("tap-request") { size in
            var s = F.tapped(size: size)
            s.select(8)
            return s
        }
    }

    @Test func snapshotContextsTab() {
        check("tap-contexts") { size in
            var s = F.tapped(size: size)
            s.select(8)
            return F.keys(s, .char("2")).0
        }
    }

    @Test func snapshotActivityTab() {
        check("tap-activity") { size in
            var s = F.tapped(size: size)
            s.select(9)
            return F.keys(s, .char("3")).0
        }
    }

    @Test func snapshotRejectDialogOnThePACSsTriple() {
        check("tap-reject-dialog") { size in
            var s = F.tapped(size: size)
            s.select(10)
            return F.keys(s, .char("r")).0
        }
    }
}
