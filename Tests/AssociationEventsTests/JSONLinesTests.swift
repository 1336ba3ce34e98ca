import AssociationEvents
import Foundation
import Testing

@Suite struct JSONLinesTests {
    let time = Date(timeIntervalSince1970: 1_795_615_200.123)  // 2026-11-25T14:00:00.123Z

    @Test func eventLineHasTheContractFieldsAndMillisecondUTC() throws {
        let line = JSONLines.line(for: .connectionOpened(ConnectionOpened(
            association: 7, peer: "127.0.0.1:50312", local: "127.0.0.1:11112", time: time)))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["event"] as? String == "connection-opened")
        #expect(object["association"] as? Int == 7)
        #expect(object["peer"] as? String == "127.0.0.1:50312")
        #expect(object["state"] as? String == "Sta2")
        #expect(object["time"] as? String == "2026-11-25T14:00:00.123Z")
        #expect(!line.contains("\n"))
    }

    @Test func eventsRoundTrip() throws {
        let time = Date(timeIntervalSince1970: 1_795_615_200.125)  // exactly representable
        let events: [EngineEvent] = [
            .associationRejected(AssociationRejected(association: 7, decidedBy: .timeout, result: 2, source: 3,
                                                     reason: 1, time: time)),
            .aborted(Aborted(association: 7, by: .peer, source: 0, reason: 0, time: time)),
            .released(Released(association: 7, time: time)),
        ]
        for event in events {
            #expect(try JSONLines.event(from: JSONLines.line(for: event)) == event)
        }
        let line = JSONLines.line(for: events[0])
        #expect(line.contains(#""decidedBy":"timeout""#) && line.contains(#""result":2"#))
    }

    @Test func eventsDroppedCarriesCountsPerAssociation() throws {
        let time = Date(timeIntervalSince1970: 1_795_615_200.125)
        let event = EngineEvent.eventsDropped(EventsDropped(
            dropped: 5, limit: 10_000, since: time, associations: [
                EventsDropped.Tally(association: 7, messages: 4, bytes: 0, notSuccessful: 0, commands: [
                    EventsDropped.CommandCount(command: "C-ECHO-RQ", count: 2),
                    EventsDropped.CommandCount(command: "C-ECHO-RSP", count: 2),
                ]),
                EventsDropped.Tally(association: 9, messages: 1, bytes: 1024, notSuccessful: 1, commands: [
                    EventsDropped.CommandCount(command: "C-STORE-RSP", count: 1),
                ]),
            ], time: time))
        let line = JSONLines.line(for: event)
        #expect(line.hasPrefix(#"{"event":"events-dropped","dropped":5,"limit":10000,"#), "\(line)")
        #expect(line.contains(#"{"association":7,"messages":4,"bytes":0,"notSuccessful":0,"commands":[{"command":"C-ECHO-RQ","count":2},"#))
        #expect(event.association == nil)
        #expect(try JSONLines.event(from: line) == event)
    }

    @Test func eventNameComesFirstAndStringsAreEscaped() throws {
        let time = Date(timeIntervalSince1970: 1_795_615_200.125)
        let event = EngineEvent.aborted(Aborted(association: 3, by: .engine, source: 2, reason: 6,
                                                detail: "bad \"PDU\"\n\tat\\ byte \u{1}", time: time))
        let line = JSONLines.line(for: event)
        #expect(line.hasPrefix(#"{"event":"aborted","association":3,"#))
        #expect(!line.contains("\n"), "one line")
        #expect(line.contains(#"bad \"PDU\"\n\tat\\ byte \u0001"#))
        #expect(try JSONLines.event(from: line) == event)
    }

    @Test func associationRequestedRoundTripsWithNestedValues() throws {
        let time = Date(timeIntervalSince1970: 1_795_615_200.5)
        let requested = AssociationRequested(
            association: 7, peer: "127.0.0.1:50312", callingAETitle: "ECHOSCU", calledAETitle: "ASSOCMON",
            calledAETitleMismatch: false, applicationContextName: "1.2.840.10008.3.1.1.1", protocolVersion: 1,
            maxPDULength: 16384, implementationClassUID: "1.2.276.0.7230010.3.0.3.6.7",
            implementationVersionName: "OFFIS_DCMTK_367", implementation: "DCMTK", maxOperationsInvoked: nil,
            maxOperationsPerformed: nil,
            presentationContexts: [ProposedContext(id: 1, abstractSyntax: "1.2.840.10008.1.1",
                                                   transferSyntaxes: ["1.2.840.10008.1.2"])],
            roleSelections: [RoleSelection(sopClassUID: "1.2.3", scuRole: 1, scpRole: 0)],
            extendedNegotiations: [], userIdentity: UserIdentity(type: 2, positiveResponseRequested: true,
                                                                 primaryField: "alice", secondaryFieldLength: 6),
            findings: [FindingSummary(code: "x", severity: "info", message: "m")], deadline: time,
            proposal: Proposal(presentationContexts: [ContextDecision(id: 1, result: 0,
                                                                      transferSyntax: "1.2.840.10008.1.2")],
                               maxPDULength: 262_144),
            raw: [0x01, 0x00], time: time)
        let line = JSONLines.line(for: .associationRequested(requested))
        #expect(try JSONLines.event(from: line) == .associationRequested(requested))
        #expect(line.contains(#""deadline":"2026-11-25T14:00:00.500Z""#))
        var anonymous = requested
        anonymous.userIdentity = nil
        anonymous.deadline = nil
        let plain = JSONLines.line(for: .associationRequested(anonymous))
        #expect(plain.contains(#""userIdentity":null"#) && plain.contains(#""deadline":null"#))
        #expect(try JSONLines.event(from: plain) == .associationRequested(anonymous))
        #expect(line.contains(#""proposal":{"presentationContexts":[{"id":1,"result":0,"transferSyntax":"1.2.840.10008.1.2"}]"#))
    }

    @Test func statesAndOriginsAreTheDocumentedStrings() throws {
        #expect(AssociationState.allCases.map(\.description) == (1...13).map { "Sta\($0)" })
        for state in AssociationState.allCases { #expect(AssociationState(name: state.description) == state) }
        for name in ["Sta0", "Sta14", "Sta06", "sta6", "Sta", ""] { #expect(AssociationState(name: name) == nil) }
        #expect(AbortedBy.allCases.map(\.rawValue) == ["peer", "operator", "engine", "transport", "timeout", "shutdown", "upstream"])
        #expect(ReleasedBy.allCases.map(\.rawValue) == ["peer", "engine", "upstream"])
        let closed = #"{"event":"connection-closed","association":1,"time":"2026-11-25T14:00:00.125Z","state":"Sta1"}"#
        #expect(try JSONLines.event(from: closed) == .connectionClosed(ConnectionClosed(
            association: 1, time: Date(timeIntervalSince1970: 1_795_615_200.125), state: .sta1)))
        #expect(throws: DecodingError.self) { try JSONLines.event(from: closed.replacingOccurrences(of: "Sta1", with: "Sta14")) }
        let aborted = #"{"event":"aborted","association":1,"by":"nobody","source":0,"reason":0,"time":"2026-11-25T14:00:00.125Z","state":"Sta13"}"#
        #expect(throws: DecodingError.self) { try JSONLines.event(from: aborted) }
    }

    @Test func rawPDUsAreBytesInSwiftAndHexInTheLine() throws {
        let time = Date(timeIntervalSince1970: 1_795_615_200.125)
        let bytes = (0...255).map { UInt8($0) }
        let accepted = EngineEvent.associationAccepted(AssociationAccepted(
            association: 1, decidedBy: .policy, presentationContexts: [], roleSelections: [], maxPDULength: 16384,
            raw: bytes, time: time))
        let line = JSONLines.line(for: accepted)
        #expect(line.contains(#""raw":"000102"#) && line.contains(#"fdfeff","time""#))
        #expect(try JSONLines.event(from: line) == accepted)
        let upper = line.replacingOccurrences(of: "fdfeff", with: "FDFEFF")
        #expect(try JSONLines.event(from: upper) == accepted, "either case reads")
        for bad in ["0", "0g", "0 ", "xyz1"] {
            let broken = line.replacingOccurrences(of: #""raw":"000102"#, with: #""raw":"\#(bad)000102"#)
            #expect(throws: DecodingError.self) { try JSONLines.event(from: broken) }
        }
    }

    /// `forward.raw`, the upstream's answer as received, reads back as bytes; absent is `nil`, not hex is an error.
    @Test func forwardRawIsHexAndOptional() throws {
        let line = #"{"event":"forward-answered","association":7,"forward":{"address":"pacs:104","callingAETitle":"A","calledAETitle":"B","answer":{"state":"rejected","result":1,"source":1,"reason":7},"answerMilliseconds":2.5,"tls":null,"raw":"03000000000400010107"},"time":"2026-11-25T14:00:00.125Z","state":"Sta3"}"#
        guard case .forwardAnswered(let answered) = try JSONLines.event(from: line) else {
            Issue.record("not a forward-answered event")
            return
        }
        #expect(answered.forward.raw == [0x03, 0, 0, 0, 0, 0x04, 0, 0x01, 0x01, 0x07])
        let withoutRaw = line.replacingOccurrences(of: #","raw":"03000000000400010107""#, with: "")
        guard case .forwardAnswered(let bare) = try JSONLines.event(from: withoutRaw) else {
            Issue.record("not a forward-answered event")
            return
        }
        #expect(bare.forward.raw == nil)
        #expect(throws: DecodingError.self) {
            try JSONLines.event(from: line.replacingOccurrences(of: "0400010107", with: "040001010"))
        }
    }

    @Test func commandsFromTheIssueParse() throws {
        #expect(try JSONLines.command(from: #"{"command":"accept","association":7}"#)
            == .accept(association: 7, presentationContexts: nil, roleSelections: nil, remember: false))
        #expect(try JSONLines.command(from: #"{"command":"accept","association":7,"presentationContexts":[{"id":1,"result":0,"transferSyntax":"1.2.840.10008.1.2.1"},{"id":3,"result":1}]}"#)
            == .accept(association: 7, presentationContexts: [
                ContextDecision(id: 1, result: 0, transferSyntax: "1.2.840.10008.1.2.1"),
                ContextDecision(id: 3, result: 1),
            ], roleSelections: nil, remember: false))
        #expect(try JSONLines.command(from: #"{"command":"reject","association":7,"result":1,"source":1,"reason":3}"#)
            == .reject(association: 7, result: 1, source: 1, reason: 3, remember: false))
        #expect(try JSONLines.command(from: #"{"command":"abort","association":7}"#) == .abort(association: 7))
        #expect(try JSONLines.command(from: #"{"command":"policy","policy":"accept"}"#) == .setPolicy(.accept))
    }

    @Test(arguments: ["", "not json", "{}", #"{"command":"accept"}"#, #"{"command":"fly","association":1}"#,
                      #"{"command":"accept","association":"seven"}"#, "[1,2]"])
    func malformedCommandLinesThrowWithAMessage(_ line: String) {
        #expect(throws: CommandLineError.self) { try JSONLines.command(from: line) }
    }

    @Test func commandsRoundTrip() throws {
        let commands: [EngineCommand] = [
            .accept(association: 1, presentationContexts: [ContextDecision(id: 1, result: 4)], roleSelections: nil,
                    remember: true),
            .reject(association: 2, result: 2, source: 3, reason: 2, remember: false),
            .abort(association: 3), .setPolicy(.reject), .saveRules, .shutdown,
        ]
        for command in commands {
            #expect(try JSONLines.command(from: JSONLines.line(for: command)) == command)
        }
    }
}
