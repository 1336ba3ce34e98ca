import AssociationEngine
import AssociationEvents
import DICOMUpperLayer
import Foundation
import NIOCore
import NIOPosix
import TestSupport
import Testing

extension EngineEvent {
    var forwardAnswered: ForwardAnswered? { if case .forwardAnswered(let e) = self { e } else { nil } }
}

/// Tap mode with real peers on both legs (127.0.0.1): DCMTK storescu/echoscu and a pynetdicom requestor on one
/// side, DCMTK storescp and a pynetdicom PACS on the other.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct TapTests {
    static let storescu = "/usr/bin/storescu"
    static let echoscu = "/usr/bin/echoscu"

    static func temporaryDirectory() throws -> URL {
        try AssociationRequestorTests.temporaryDirectory()
    }

    /// storescu → assocmon → storescp in Implicit VR Little Endian, Explicit VR Little Endian and Deflated
    /// Explicit VR Little Endian, with the requestor leg at 16 KiB and the upstream at 4 KiB: every file arrives
    /// with the data set of its original, and the events show both legs.
    @Test func storescuThroughTheTapToStorescp() async throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let received = directory.appendingPathComponent("received")
        try FileManager.default.createDirectory(at: received, withIntermediateDirectories: true)
        let files = try await TapPeers.files(in: directory, count: 6, rows: 200)
        let (storescp, upstreamPort) = try await TapPeers.storescp(directory: received, maxPDU: 4_096,
                                                                   extra: ["+xa"])  // Deflated accepted too
        defer { storescp.stop() }
        try await withEngine(configure: TapPeers.forwarding(to: upstreamPort)) { harness in
            for (syntax, slice) in [("-xi", files[0..<2]), ("-xe", files[2..<4]), ("-xd", files[4..<6])] {
                let outcome = try await Subprocess.run(Self.storescu, ["-aet", "MODALITY", "-aec", "PACS", syntax,
                                                                       "--max-pdu", "16384", "127.0.0.1",
                                                                       "\(harness.port)"] + slice.map(\.path))
                #expect(outcome.status == 0, "\(outcome.stderr)")
            }
            let names = try FileManager.default.contentsOfDirectory(atPath: received.path)
            for file in files {
                let name = try #require(names.first { $0.hasSuffix(file.uid) }, "storescp wrote \(names)")
                #expect(try await TapPeers.sameDataSet(file.path, received.appendingPathComponent(name).path))
            }
            // Events reach the harness asynchronously: the second association's last one first.
            #expect(await harness.waitFor { $0.isClosed && $0.association == 3 } != nil)
            let accepted = harness.events.compactMap(\.accepted)
            #expect(accepted.count == 3)
            let transferSyntaxes = Set(accepted.flatMap { $0.presentationContexts.compactMap(\.transferSyntax) })
            #expect(transferSyntaxes.isSuperset(of: ["1.2.840.10008.1.2", "1.2.840.10008.1.2.1",
                                                     "1.2.840.10008.1.2.1.99"]))
            #expect(accepted.allSatisfy { $0.forward?.address == "127.0.0.1:\(upstreamPort)" })
            let requested = harness.events.compactMap(\.requested)
            #expect(requested.allSatisfy { $0.forward?.answer == .connecting && $0.forward?.calledAETitle == "PACS" })
            let answered = harness.events.compactMap(\.forwardAnswered)
            #expect(answered.count == 3)
            guard case .accepted(let ac)? = answered.first?.forward.answer else {
                Issue.record("no accepted upstream answer: \(answered)")
                return
            }
            #expect(ac.maxPDULength == 4_096)
            // storescp's A-ASSOCIATE-AC as received: its bytes decode to what the answer says, on every event.
            for answer in answered {
                let raw = try #require(answer.forward.raw, "no bytes of the PACS's answer")
                guard case .associateAC(let pdu) = try PDU.decode(bytes: ByteBuffer(bytes: raw)) else {
                    Issue.record("not an A-ASSOCIATE-AC: \(raw.prefix(16))")
                    continue
                }
                guard case .accepted(let decoded) = answer.forward.answer else { continue }
                #expect(pdu.presentationContexts.map { ContextDecision(
                    id: Int($0.id), result: Int($0.result.rawValue),
                    transferSyntax: $0.result.isAccepted ? $0.transferSyntax : nil) } == decoded.presentationContexts)
                #expect(pdu.userInformation.maximumLength == 4_096)
                #expect(pdu.userInformation.implementationClassUID?.hasPrefix("1.2.276.0.7230010.3") == true)
                #expect(accepted.contains { $0.association == answer.association && $0.forward?.raw == raw })
            }
            let messages = harness.events.compactMap(\.dimseMessage)
            let requests = messages.filter { $0.command == "C-STORE-RQ" }
            let responses = messages.filter { $0.command == "C-STORE-RSP" }
            #expect(requests.count == 6 && requests.allSatisfy { $0.leg == .requestor && $0.bytes > 0 })
            // Deflated, the pattern of the pixel data shrinks to little; the others carry it whole.
            #expect(requests.filter { $0.dataSet?.transferSyntax != "Deflated Explicit VR Little Endian" }
                .allSatisfy { $0.bytes > 80_000 })
            #expect(requests.filter { $0.dataSet?.transferSyntax == "Deflated Explicit VR Little Endian" }.count == 2,
                    "the deflated data sets are inflated as they pass, to be read")
            // What each relayed data set carried, read as it passed in the context's transfer syntax.
            #expect(Set(requests.compactMap { $0.dataSet?.sopInstanceUID }) == Set(files.map(\.uid)))
            #expect(requests.allSatisfy { $0.dataSet?.rows == 200 && $0.dataSet?.transferSyntax != nil })
            #expect(requests.allSatisfy { !($0.elements ?? []).isEmpty })
            #expect(responses.count == 6 && responses.allSatisfy {
                $0.leg == .upstream && $0.status == 0 && ($0.responseMilliseconds ?? -1) >= 0
            })
            #expect(harness.events.filter { if case .released(let e) = $0 { e.by == .peer } else { false } }.count == 3)
            // Nothing of either leg outlives the associations.
            let counts = await RetentionTests.settled(harness.engine)
            #expect(counts.upstreamLegs == 0 && counts.handlers == 0, "\(counts)")
        }
    }

    /// `--tap-store`: every C-STORE relayed is also written as a Part-10 file with the original's data set, each
    /// `stored` event before the association's `connection-closed`.
    @Test func tapStoreKeepsACopyOfEachRelayedStore() async throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let received = directory.appendingPathComponent("received")
        let copies = directory.appendingPathComponent("copies")
        try FileManager.default.createDirectory(at: received, withIntermediateDirectories: true)
        let files = try await TapPeers.files(in: directory, count: 3, rows: 300)
        let (storescp, upstreamPort) = try await TapPeers.storescp(directory: received, maxPDU: 4_096)
        defer { storescp.stop() }
        try await withEngine(configure: {
            $0.policy = .accept
            $0.forward = ForwardTarget(host: "127.0.0.1", port: upstreamPort)
            $0.tapStore = true
            $0.noStore = false
            $0.storageDirectory = copies.path
        }) { harness in
            let outcome = try await Subprocess.run(Self.storescu, ["-aet", "MODALITY", "-aec", "PACS", "127.0.0.1",
                                                                   "\(harness.port)"] + files.map(\.path))
            #expect(outcome.status == 0, "\(outcome.stderr)")
            #expect(await harness.waitFor { $0.isClosed } != nil)
            let events = harness.events
            let stored = events.compactMap(\.stored)
            #expect(stored.count == 3)
            let closedIndex = try #require(events.firstIndex { $0.isClosed })
            #expect(events.lastIndex { $0.stored != nil }.map { $0 < closedIndex } == true)
            for file in files {
                let copy = try #require(stored.first { $0.sopInstanceUID == file.uid }?.path)
                #expect(try await TapPeers.sameDataSet(file.path, copy))
            }
            #expect(try FileManager.default.contentsOfDirectory(atPath: received.path).count == 3)
        }
    }

    /// echoscu through the tap while the request is held (policy ask): the upstream's answer is published in Sta3
    /// before anyone decides; the operator's accept relays it.
    @Test func echoscuHeldShowsTheUpstreamAnswerThenAccepted() async throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (storescp, upstreamPort) = try await TapPeers.storescp(directory: directory)
        defer { storescp.stop() }
        try await withEngine(configure: TapPeers.forwarding(to: upstreamPort, policy: .ask)) { harness in
            async let run = Subprocess.run(Self.echoscu, ["-aet", "ECHOSCU", "-aec", "PACS", "127.0.0.1",
                                                           "\(harness.port)"])
            let answered = try #require(await harness.waitFor { $0.forwardAnswered != nil }?.forwardAnswered)
            #expect(answered.state == .sta3)
            #expect(answered.forward.answer.stateName == "accepted")
            #expect(harness.events.contains { $0.accepted != nil } == false, "still held")
            harness.engine.send(.accept(association: answered.association, presentationContexts: nil,
                                        roleSelections: nil, remember: false))
            let outcome = try await run
            #expect(outcome.status == 0, "\(outcome.stderr)")
            let accepted = try #require(await harness.waitFor { $0.accepted != nil }?.accepted)
            #expect(accepted.decidedBy == .operator)
            #expect(await harness.waitFor { $0.dimseMessage?.command == "C-ECHO-RSP" }?.dimseMessage?.leg == .upstream)
        }
    }

    /// pynetdicom requestor (4 KiB) → assocmon → pynetdicom PACS (16 KiB): C-ECHO, C-FIND with three pending
    /// responses, C-GET with its two C-STORE sub-operations on the same association, storage commitment N-ACTION
    /// and the N-EVENT-REPORT the PACS sends back on the same association; then release.
    @Test func pynetdicomFindGetAndCommitmentThroughTheTap() async throws {
        let (pacs, upstreamPort, lines) = try await TapPeers.pacs(maxPDU: 16_384)
        defer { pacs.stop() }
        try await withEngine(configure: TapPeers.forwarding(to: upstreamPort)) { harness in
            let result = try await TapPeers.modality(port: harness.port, maxPDU: 4_096)
            #expect(result.established)
            #expect(result.echoStatus == 0)
            #expect(result.findStatuses == [0xFF00, 0xFF00, 0xFF00, 0])
            #expect(result.findNames == ["Tap^Patient1", "Tap^Patient2", "Tap^Patient3"])
            #expect(result.getStatuses?.last == 0)
            #expect(result.stored?.count == 2)
            #expect(result.actionStatus == 0)
            #expect(result.reported == true)
            #expect(result.released == true)
            #expect(await lines.wait(for: { $0 == "RELEASED" }) != nil)
            #expect(await harness.waitFor { $0.isClosed } != nil)
            let requested = try #require(harness.events.compactMap(\.requested).first)
            #expect(requested.maxPDULength == 4_096)
            let messages = harness.events.compactMap(\.dimseMessage)
            func count(_ command: String, _ leg: DIMSELeg) -> Int {
                messages.filter { $0.command == command && $0.leg == leg }.count
            }
            #expect(count("C-FIND-RSP", .upstream) == 4)
            #expect(count("C-GET-RSP", .upstream) >= 1)
            #expect(count("C-STORE-RQ", .upstream) == 2, "C-GET sub-operations come from the PACS")
            #expect(count("C-STORE-RSP", .requestor) == 2)
            #expect(count("N-ACTION-RSP", .upstream) == 1)
            #expect(count("N-EVENT-REPORT-RQ", .upstream) == 1)
            #expect(count("N-EVENT-REPORT-RSP", .requestor) == 1)
            #expect(messages.filter { $0.command == "C-FIND-RSP" }.allSatisfy { $0.responseMilliseconds != nil })
            // The relayed query's keys and the PACS's matches, read as they passed.
            let find = try #require(messages.first { $0.command == "C-FIND-RQ" })
            #expect(find.identifier?.level == "STUDY", "\(String(describing: find.identifier))")
            let matches = messages.filter { $0.command == "C-FIND-RSP" && $0.status == 0xFF00 }
            #expect(matches.compactMap { $0.identifier?.keys.first { $0.keyword == "PatientName" }?.value }
                == ["Tap^Patient1", "Tap^Patient2", "Tap^Patient3"])
            #expect(messages.filter { $0.command == "C-STORE-RQ" }.allSatisfy { $0.dataSet?.sopInstanceUID != nil })
            #expect(messages.first { $0.command == "N-ACTION-RQ" }?.commitment?.referencedInstances ?? 0 > 0)
            #expect(harness.events.compactMap(\.stored).isEmpty, "no copies without --tap-store")
        }
    }

    /// An upstream that rejects: its triple reaches the requestor (storescp's called AE check, 1/1/7).
    @Test func upstreamRejectionReachesTheRequestor() async throws {
        let (pacs, upstreamPort, _) = try await TapPeers.pacs(title: "PACS")
        defer { pacs.stop() }
        try await withEngine(configure: {
            $0.policy = .accept
            $0.forward = ForwardTarget(host: "127.0.0.1", port: upstreamPort, calledAETitle: "NOTPACS")
        }) { harness in
            let result = try await TapPeers.modality(port: harness.port, called: "PACS", maxPDU: 16_384)
            #expect(!result.established)
            #expect(result.rejected?.result == 1 && result.rejected?.source == 1 && result.rejected?.reason == 7)
            let rejected = try #require(await harness.waitFor { $0.rejected != nil }?.rejected)
            #expect((rejected.result, rejected.source, rejected.reason) == (1, 1, 7))
            #expect(rejected.decidedBy == .policy)
            #expect(rejected.forward?.calledAETitle == "NOTPACS")
            #expect(rejected.forward?.answer == .rejected(result: 1, source: 1, reason: 7))
            // The PACS's A-ASSOCIATE-RJ as received (PS3.8 §9.3.4: 10 bytes).
            let raw = try #require(rejected.forward?.raw, "no bytes of the PACS's answer")
            #expect(raw.count == 10)
            guard case .associateRJ(let rj) = try PDU.decode(bytes: ByteBuffer(bytes: raw)) else {
                Issue.record("not an A-ASSOCIATE-RJ: \(raw)")
                return
            }
            #expect((rj.result, rj.source, rj.reason) == (1, 1, 7))
        }
    }

    /// An upstream that is down: shown as unreachable, answered 2/3/1 (transient, temporary congestion).
    @Test func upstreamDownIsAnswered231() async throws {
        let downPort = try await AssociationRequestorTests.freePort()
        try await withEngine(configure: {
            $0.policy = .accept
            $0.forward = ForwardTarget(host: "127.0.0.1", port: downPort)
        }) { harness in
            let outcome = try await Subprocess.run(Self.echoscu, ["-aet", "ECHOSCU", "-aec", "PACS", "127.0.0.1",
                                                                   "\(harness.port)"])
            #expect(outcome.status != 0)
            #expect((outcome.stderr + outcome.stdout).contains("Rejected"))
            let rejected = try #require(await harness.waitFor { $0.rejected != nil }?.rejected)
            #expect((rejected.result, rejected.source, rejected.reason) == (2, 3, 1))
            guard case .unreachable(let detail)? = rejected.forward?.answer else {
                Issue.record("not unreachable: \(String(describing: rejected.forward))")
                return
            }
            #expect(detail.lowercased().contains("refused"), "\(detail)")
            #expect((await RetentionTests.settled(harness.engine)).upstreamLegs == 0)
        }
    }

    /// An upstream that accepts the connection but never answers the A-ASSOCIATE-RQ: `timed-out` after
    /// `--forward-timeout`, answered 2/3/1, and the upstream connection is closed.
    @Test func silentUpstreamTimesOut() async throws {
        let silent = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(host: "127.0.0.1", port: 0).get()
        defer { silent.close(promise: nil) }
        let port = try #require(silent.localAddress?.port)
        try await withEngine(configure: {
            $0.policy = .accept
            $0.forwardTimeout = 0.5
            $0.forward = ForwardTarget(host: "127.0.0.1", port: port)
        }) { harness in
            let outcome = try await Subprocess.run(Self.echoscu, ["-aet", "ECHOSCU", "-aec", "PACS", "127.0.0.1",
                                                                   "\(harness.port)"])
            #expect(outcome.status != 0)
            let rejected = try #require(await harness.waitFor { $0.rejected != nil }?.rejected)
            #expect((rejected.result, rejected.source, rejected.reason) == (2, 3, 1))
            #expect(rejected.forward?.answer == .timedOut)
            #expect((rejected.forward?.answerMilliseconds ?? 0) >= 400)
            #expect((await RetentionTests.settled(harness.engine)).upstreamLegs == 0)
        }
    }

    /// The upstream aborts in the middle of a C-STORE: the requestor leg is aborted too (`by` upstream).
    @Test func upstreamAbortMidStoreAbortsTheRequestor() async throws {
        let (pacs, upstreamPort, lines) = try await TapPeers.pacs()
        defer { pacs.stop() }
        try await withEngine(configure: TapPeers.forwarding(to: upstreamPort)) { harness in
            let result = try await TapPeers.modality(port: harness.port, maxPDU: 16_384, mode: "abort-store")
            #expect(result.established)
            #expect(result.aborted == true)
            #expect(result.storeStatus == nil)
            #expect(await lines.wait(for: { $0 == "ABORTING" }) != nil)
            let aborted = try #require(await harness.waitFor { $0.aborted != nil }?.aborted)
            #expect(aborted.by == .upstream)
            #expect((await RetentionTests.settled(harness.engine)).upstreamLegs == 0)
        }
    }

    /// A rules-file `forward` picks the upstream and rewrites the called AE title for one calling AE title; other
    /// requestors are answered by assocmon itself.
    @Test func forwardRulePicksTheUpstream() async throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (storescp, upstreamPort) = try await TapPeers.storescp(title: "ARCHIVE", directory: directory)
        defer { storescp.stop() }
        let rules = directory.appendingPathComponent("tap.rules")
        try "forward 127.0.0.1:\(upstreamPort) called-ae ARCHIVE calling=CT*\n".write(to: rules, atomically: true,
                                                                                        encoding: .utf8)
        try await withEngine(configure: {
            $0.policy = .accept
            $0.rulesFile = rules.path
        }) { harness in
            for calling in ["CT1", "MR1"] {
                let outcome = try await Subprocess.run(Self.echoscu, ["-aet", calling, "-aec", "ASSOCMON",
                                                                       "127.0.0.1", "\(harness.port)"])
                #expect(outcome.status == 0, "\(calling): \(outcome.stderr)")
            }
            #expect(await harness.waitFor { $0.isClosed && $0.association == 2 } != nil)
            let accepted = harness.events.compactMap(\.accepted)
            try #require(accepted.count == 2)
            #expect(accepted[0].forward?.address == "127.0.0.1:\(upstreamPort)")
            #expect(accepted[0].forward?.calledAETitle == "ARCHIVE")
            #expect(accepted[1].forward == nil, "MR1 matches no forward rule: assocmon answers it")
            // Events reach the harness asynchronously: wait for both responses.
            var echoes: [DIMSEMessage] = []
            for _ in 0..<100 {
                echoes = harness.events.compactMap(\.dimseMessage).filter { $0.command == "C-ECHO-RSP" }
                if echoes.count == 2 { break }
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(echoes.map(\.leg) == [.upstream, nil])
        }
    }

    /// The operator rejects the CT contexts the upstream accepted: the requestor sees them rejected (result 1),
    /// storescu has nothing to send on, and nothing reaches storescp.
    @Test func operatorRejectsAContextTheUpstreamAccepted() async throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let received = directory.appendingPathComponent("received")
        try FileManager.default.createDirectory(at: received, withIntermediateDirectories: true)
        let file = try await TapPeers.files(in: directory, count: 1, rows: 64)[0]
        let (storescp, upstreamPort) = try await TapPeers.storescp(directory: received)
        defer { storescp.stop() }
        try await withEngine(configure: TapPeers.forwarding(to: upstreamPort, policy: .ask)) { harness in
            async let run = Subprocess.run(Self.storescu, ["-aet", "MODALITY", "-aec", "PACS", "-R", "127.0.0.1",
                                                            "\(harness.port)", file.path])
            let requested = try #require(await harness.waitFor { $0.requested != nil }?.requested)
            let answered = try #require(await harness.waitFor { $0.forwardAnswered != nil }?.forwardAnswered)
            guard case .accepted(let ac) = answered.forward.answer else {
                Issue.record("upstream did not accept: \(answered.forward.answer)")
                return
            }
            let ctIDs = requested.presentationContexts.filter { $0.abstractSyntax == "1.2.840.10008.5.1.4.1.1.2" }
                .map(\.id)
            #expect(!ctIDs.isEmpty)
            #expect(ac.presentationContexts.filter { ctIDs.contains($0.id) }.contains { $0.result == 0 })
            harness.engine.send(.accept(association: requested.association,
                                        presentationContexts: ctIDs.map { ContextDecision(id: $0, result: 1) },
                                        roleSelections: nil, remember: false))
            let outcome = try await run
            #expect(outcome.status != 0, "storescu had no CT context to send on")
            let accepted = try #require(await harness.waitFor { $0.accepted != nil }?.accepted)
            #expect(accepted.presentationContexts.filter { ctIDs.contains($0.id) }.allSatisfy { $0.result == 1 })
            #expect(try FileManager.default.contentsOfDirectory(atPath: received.path).isEmpty)
            #expect(await harness.waitFor { $0.isClosed } != nil)
        }
    }
}
