import AssociationEvents
import AssociationEngine
import Foundation
import TestSupport
import Testing

/// C-FIND answered (PS3.4 C.4.1, K.4) against real peers: DCMTK's findscu and pynetdicom, after storing with DCMTK's
/// storescu; Modality Worklist items written by pydicom.
/// Serialized: each test starts several peer processes, and the machine's two cores are shared with other suites.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct QueryTests {
    static let findscu = "/usr/bin/findscu"
    static let storescu = "/usr/bin/storescu"

    static func temporaryDirectory(_ name: String) -> String {
        NSTemporaryDirectory() + "assocmon-\(name)-\(UUID().uuidString)"
    }

    /// Runs `body` against an engine that accepts everything and answers queries (unless `queries` is false), storing
    /// under `storage` when given and reading worklist items from `worklist`.
    static func withQueryEngine<Result>(storage: String?, worklist: String? = nil, queries: Bool = true,
                                        _ body: (EngineHarness) async throws -> Result) async throws -> Result {
        try await withEngine(configure: {
            $0.policy = .accept
            if let storage {
                $0.noStore = false
                $0.storageDirectory = storage
                $0.storageSync = .none
            }
            $0.worklistDirectory = worklist
            $0.answersQueries = queries
        }, body)
    }

    /// pydicom's CT_small (patient 1CT1, study 2004-01-19) and MR_small (4MR1, 2004-08-26), and three CTs of
    /// patient ASSOCMON-1 (one study each), stored with storescu.
    static func store(into harness: EngineHarness, work: String) async throws -> [String] {
        let made = try await Subprocess.run("/usr/bin/env", ["python3", PeerScripts.directory + "/make_dicom.py",
                                                             work + "/made", "3", "16"])
        try #require(made.status == 0, "\(made.stderr)")
        let files = [try await DataSetSummaryTests.pydicomFile("CT_small.dcm"),
                     try await DataSetSummaryTests.pydicomFile("MR_small.dcm")]
            + made.stdout.split(separator: "\n").map { String($0.split(separator: "\t")[0]) }
        let outcome = try await Subprocess.run(Self.storescu, ["-aec", "ASSOCMON", "127.0.0.1", "\(harness.port)"]
                                               + files)
        try #require(outcome.status == 0, "\(outcome.stderr)")
        let stored = await harness.waitFor { _ in harness.events.filter { $0.stored != nil }.count == 5 }
        try #require(stored != nil, "5 stored events")
        return files
    }

    struct Find {
        var outcome: Subprocess.Outcome
        /// Pending responses findscu printed.
        var pending: Int { outcome.stderr.components(separatedBy: "(Pending)").count - 1 }
    }

    static func findscu(_ harness: EngineHarness, _ model: String, _ keys: [String]) async throws -> Find {
        let arguments = [model, "-v", "-aec", "ASSOCMON"] + keys.flatMap { ["-k", $0] }
            + ["127.0.0.1", "\(harness.port)"]
        return Find(outcome: try await Subprocess.run(Self.findscu, arguments))
    }

    /// The `dimse` events of one association with `command`, in order.
    static func messages(_ harness: EngineHarness, _ command: String) -> [DIMSEMessage] {
        harness.events.compactMap(\.dimseMessage).filter { $0.command == command }
    }

    /// Waits until `count` C-FIND-RQs were received (the findscu process may exit before the event is read).
    static func requests(_ harness: EngineHarness, _ count: Int) async -> [DIMSEMessage] {
        _ = await harness.waitFor { _ in messages(harness, "C-FIND-RQ").count >= count }
        return messages(harness, "C-FIND-RQ")
    }

    /// Waits until `count` final C-FIND-RSPs were sent (the findscu process may exit before the event is read).
    static func finals(_ harness: EngineHarness, _ count: Int) async -> [DIMSEMessage] {
        _ = await harness.waitFor { _ in
            messages(harness, "C-FIND-RSP").filter { $0.status != 0xFF00 }.count >= count
        }
        return messages(harness, "C-FIND-RSP").filter { $0.status != 0xFF00 }
    }

    @Test func studyRootWithFindscuAfterStorescu() async throws {
        let work = Self.temporaryDirectory("find")
        defer { try? FileManager.default.removeItem(atPath: work) }
        try await Self.withQueryEngine(storage: work + "/store") { harness in
            _ = try await Self.store(into: harness, work: work)

            // Wildcard on Patient's Name: the two pydicom studies.
            let wildcard = try await Self.findscu(harness, "-S", [
                "QueryRetrieveLevel=STUDY", "PatientName=Compressed*", "StudyDate", "StudyInstanceUID", "PatientID",
            ])
            #expect(wildcard.outcome.status == 0, "\(wildcard.outcome.stderr)")
            #expect(wildcard.pending == 2)
            #expect(wildcard.outcome.stderr.contains("CompressedSamples^CT1"))
            #expect(wildcard.outcome.stderr.contains("CompressedSamples^MR1"))
            let request = try #require(await Self.requests(harness, 1).first?.identifier)
            #expect(request.level == "STUDY")
            #expect(request.keys.map(\.keyword) == ["StudyDate", "PatientName", "PatientID", "StudyInstanceUID"])
            #expect(request.keys.map(\.matching) == ["universal", "wildcard", "universal", "universal"])
            #expect(request.keys[1].value == "Compressed*")
            #expect(await Self.finals(harness, 1).map(\.status) == [0])
            // The pending responses went out before the final one, so they are recorded by now.
            let pending = Self.messages(harness, "C-FIND-RSP").filter { $0.status == 0xFF00 }
            #expect(Set(pending.compactMap { $0.identifier?.keys.first { $0.keyword == "PatientID" }?.value })
                == ["1CT1", "4MR1"])

            // Range on Study Date: the CT's study only.
            let range = try await Self.findscu(harness, "-S", ["QueryRetrieveLevel=STUDY",
                                                               "StudyDate=20040101-20040131", "PatientID"])
            #expect(range.pending == 1)
            #expect(range.outcome.stderr.contains("1CT1"))
            #expect(!range.outcome.stderr.contains("4MR1"))

            // Single value at IMAGE level: the three instances of ASSOCMON-1.
            let images = try await Self.findscu(harness, "-S", ["QueryRetrieveLevel=IMAGE", "PatientID=ASSOCMON-1",
                                                                "SOPInstanceUID", "Rows"])
            #expect(images.pending == 3)
            #expect(images.outcome.stderr.components(separatedBy: "US 16").count - 1 == 3, "Rows of each, 16")

            // Derived study keys (PS3.4 C.6.1.1.3): Modalities in Study matched, the instance count returned.
            let derived = try await Self.findscu(harness, "-S", ["QueryRetrieveLevel=STUDY", "ModalitiesInStudy=MR",
                                                                 "NumberOfStudyRelatedInstances", "PatientID"])
            #expect(derived.pending == 1)
            #expect(derived.outcome.stderr.contains("4MR1"))
            #expect(derived.outcome.stderr.contains("(0020,1208) IS [1 ]"), "\(derived.outcome.stderr)")

            // A level Study Root does not have: a failure with an Error Comment (PS3.4 C.4.1.1.4, C000–CFFF).
            let patient = try await Self.findscu(harness, "-S", ["QueryRetrieveLevel=PATIENT", "PatientID"])
            #expect(patient.pending == 0)
            let failure = try #require(await Self.finals(harness, 5).last)
            #expect(failure.status == 0xC000)
        }
    }

    @Test func patientRootListsEachPatientOnce() async throws {
        let work = Self.temporaryDirectory("find")
        defer { try? FileManager.default.removeItem(atPath: work) }
        try await Self.withQueryEngine(storage: work + "/store") { harness in
            _ = try await Self.store(into: harness, work: work)
            let find = try await Self.findscu(harness, "-P", ["QueryRetrieveLevel=PATIENT", "PatientID", "PatientName",
                                                              "NumberOfPatientRelatedStudies"])
            #expect(find.outcome.status == 0, "\(find.outcome.stderr)")
            #expect(find.pending == 3)
            // ASSOCMON-1 has three studies, the two pydicom patients one each (PS3.4 C.6.1.1.2).
            #expect(find.outcome.stderr.components(separatedBy: "(0020,1200) IS [3 ]").count == 2,
                    "\(find.outcome.stderr)")
            #expect(find.outcome.stderr.components(separatedBy: "(0020,1200) IS [1 ]").count == 3)
            // A list of UIDs (PS3.4 C.2.2.2.2) at SERIES level under Patient Root.
            let series = Self.messages(harness, "C-STORE-RQ").compactMap { $0.dataSet?.seriesInstanceUID }.prefix(2)
            let list = try await Self.findscu(harness, "-P", ["QueryRetrieveLevel=SERIES",
                                                              "SeriesInstanceUID=" + series.joined(separator: "\\")])
            #expect(list.pending == 2)
            let request = try #require(await Self.requests(harness, 2).last?.identifier)
            #expect(request.keys.first?.matching == "list")
        }
    }

    /// The index is rebuilt from the storage directory when assocmon starts again.
    @Test func indexIsRebuiltFromTheStorageDirectory() async throws {
        let work = Self.temporaryDirectory("find")
        defer { try? FileManager.default.removeItem(atPath: work) }
        // The first engine is stopped (and its stop awaited) before the second one starts.
        _ = try await Self.withQueryEngine(storage: work + "/store") { first in
            try await Self.store(into: first, work: work)
        }
        try await Self.withQueryEngine(storage: work + "/store") { second in
            let find = try await Self.findscu(second, "-S", ["QueryRetrieveLevel=SERIES", "Modality=MR", "PatientID"])
            #expect(find.pending == 1)
            #expect(find.outcome.stderr.contains("4MR1"))
        }
    }

    static func worklist(_ directory: String, count: Int) async throws {
        let outcome = try await Subprocess.run("/usr/bin/env", ["python3", PeerScripts.directory
                                                                + "/make_worklist.py", directory, "\(count)"])
        try #require(outcome.status == 0, "\(outcome.stderr)")
    }

    @Test func worklistWithFindscuMatchesInsideTheSequenceAndRereadsTheFolder() async throws {
        let work = Self.temporaryDirectory("worklist")
        defer { try? FileManager.default.removeItem(atPath: work) }
        try await Self.worklist(work, count: 6)
        try await Self.withQueryEngine(storage: nil, worklist: work) { harness in
            let keys = ["PatientName", "PatientID", "(0040,0100)[0].Modality=MR",
                        "(0040,0100)[0].ScheduledProcedureStepStartDate=20261201-20261203"]
            let find = try await Self.findscu(harness, "-W", keys)
            #expect(find.outcome.status == 0, "\(find.outcome.stderr)")
            // MR items are the odd ones (1, 3, 5), their dates 02, 04, 01: items 1 and 5.
            #expect(find.pending == 2)
            #expect(find.outcome.stderr.contains("Worklist^Patient1"))
            #expect(find.outcome.stderr.contains("Worklist^Patient5"))
            let request = try #require(await Self.requests(harness, 1).first?.identifier)
            #expect(request.level == nil)
            #expect(request.keys.map(\.keyword).contains("ScheduledProcedureStepSequence>Modality"))
            #expect(request.keys.first { $0.keyword == "ScheduledProcedureStepSequence" }?.matching == "sequence")
            #expect(request.keys.first { $0.keyword?.hasSuffix("StartDate") == true }?.matching == "range")

            // A new item is seen by the next query.
            try await Self.worklist(work + "/more", count: 8)
            try FileManager.default.moveItem(atPath: work + "/more/item00007.wl", toPath: work + "/item00007.wl")
            let again = try await Self.findscu(harness, "-W", keys)
            #expect(again.pending == 3)
        }
    }

    /// Items in the DICOM JSON Model (PS3.18 F.2), as pydicom writes them, answer like Part-10 items; non-ASCII
    /// text comes back in UTF-8 with Specific Character Set ISO_IR 192.
    @Test func worklistFromDICOMJSON() async throws {
        let work = Self.temporaryDirectory("worklist-json")
        defer { try? FileManager.default.removeItem(atPath: work) }
        let made = try await Subprocess.run("/usr/bin/env", ["python3", PeerScripts.directory
                                                             + "/make_worklist.py", work, "4", "json"])
        try #require(made.status == 0, "\(made.stderr)")
        try await Self.withQueryEngine(storage: nil, worklist: work) { harness in
            let keys = #"{"PatientName": "Worklist^Patient?", "PatientID": "", "RequestedProcedureDescription": "", "#
                + #""ScheduledProcedureStepSequence": {"Modality": "CT", "ScheduledStationAETitle": ""}}"#
            let result = try await Self.pynetdicomFind(harness, "worklist", keys)
            #expect(result.statuses == [0xFF00, 0xFF00, 0x0000])
            #expect(result.identifiers.map { $0["PatientID"]?.text } == ["WL0", "WL2"])
            #expect(result.identifiers.first?["RequestedProcedureDescription"]?.text == "Müller protocol")
            #expect(result.identifiers.first?["SpecificCharacterSet"]?.text == "ISO_IR 192")
            #expect(result.identifiers.first?["ScheduledProcedureStepSequence"]
                == .items([["Modality": .text("CT"), "ScheduledStationAETitle": .text("SCANNER0")]]))
        }
    }

    @Test func worklistFolderAbsentAnswersNoMatches() async throws {
        try await Self.withQueryEngine(storage: nil, worklist: Self.temporaryDirectory("absent")) { harness in
            let find = try await Self.findscu(harness, "-W", ["PatientName", "(0040,0100)[0].Modality"])
            #expect(find.outcome.status == 0, "\(find.outcome.stderr)")
            #expect(find.pending == 0)
            #expect(await Self.finals(harness, 1).map(\.status) == [0])
        }
    }

    @Test func noQueriesRejectsTheFindContexts() async throws {
        try await Self.withQueryEngine(storage: nil, queries: false) { harness in
            let find = try await Self.findscu(harness, "-S", ["QueryRetrieveLevel=STUDY"])
            #expect(find.outcome.status != 0)
            let accepted = try #require(await harness.waitFor { $0.accepted != nil }?.accepted)
            #expect(accepted.presentationContexts.allSatisfy { $0.result == 3 })
        }
    }

    // MARK: - pynetdicom

    struct PyFind: Decodable {
        var established: Bool
        var statuses: [Int]
        var identifiers: [[String: JSONValue]]
    }

    enum JSONValue: Decodable, Equatable {
        case text(String)
        case items([[String: JSONValue]])
        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let text = try? container.decode(String.self) { self = .text(text) } else {
                self = .items(try container.decode([[String: JSONValue]].self))
            }
        }
        var text: String? { if case .text(let t) = self { t } else { nil } }
    }

    static func pynetdicomFind(_ harness: EngineHarness, _ model: String, _ keys: String,
                               cancelAfter: Int? = nil) async throws -> PyFind {
        let outcome = try await Subprocess.run("/usr/bin/env", ["python3", PeerScripts.directory
            + "/pynetdicom_find.py", "\(harness.port)", model, keys] + (cancelAfter.map { ["\($0)"] } ?? []),
            timeout: .seconds(60))
        try #require(outcome.status == 0, "\(outcome.stderr)")
        return try JSONDecoder().decode(PyFind.self, from: Data(outcome.stdout.utf8))
    }

    @Test func pynetdicomGetsSeveralPendingResponsesWithWildcardAndRange() async throws {
        let work = Self.temporaryDirectory("find")
        defer { try? FileManager.default.removeItem(atPath: work) }
        try await Self.withQueryEngine(storage: work + "/store") { harness in
            _ = try await Self.store(into: harness, work: work)
            let result = try await Self.pynetdicomFind(harness, "study", """
                {"QueryRetrieveLevel": "SERIES", "PatientName": "*^Assocmon", "StudyDate": "", "Modality": "C?",
                 "SeriesInstanceUID": "", "StudyInstanceUID": ""}
                """)
            #expect(result.established)
            #expect(result.statuses == [0xFF00, 0xFF00, 0xFF00, 0x0000])
            #expect(result.identifiers.allSatisfy { $0["PatientName"]?.text == "Test^Assocmon" })
            #expect(result.identifiers.allSatisfy { $0["QueryRetrieveLevel"]?.text == "SERIES" })
            #expect(Set(result.identifiers.compactMap { $0["SeriesInstanceUID"]?.text }).count == 3)
            let dated = try await Self.pynetdicomFind(harness, "patient", """
                {"QueryRetrieveLevel": "STUDY", "PatientID": "4MR1", "StudyDate": "20040801-", "StudyDescription": ""}
                """)
            #expect(dated.statuses == [0xFF00, 0x0000])
            #expect(dated.identifiers.first?["StudyDate"]?.text == "20040826")
        }
    }

    /// C-CANCEL-RQ (PS3.7 §9.3.2.3) sent right after the C-FIND-RQ stops it among 1,000 matches: the final status
    /// is 0xFE00 (cancelled), before every match was sent. (Pending responses go out one per event loop turn, so a
    /// cancel read meanwhile is seen; one sent after the first response arrives usually comes after the last.)
    @Test func pynetdicomCancelStopsARunningFind() async throws {
        let work = Self.temporaryDirectory("worklist")
        defer { try? FileManager.default.removeItem(atPath: work) }
        try await Self.worklist(work, count: 1000)
        try await Self.withQueryEngine(storage: nil, worklist: work) { harness in
            let result = try await Self.pynetdicomFind(harness, "worklist", #"{"PatientID": "", "PatientName": "*"}"#,
                                                       cancelAfter: 0)
            #expect(result.statuses.last == 0xFE00)
            #expect(result.statuses.dropLast().allSatisfy { $0 == 0xFF00 })
            #expect(result.statuses.count < 1001)
            #expect(await harness.waitFor { $0.dimseMessage?.command == "C-CANCEL-RQ" } != nil)
            #expect(await Self.finals(harness, 1).map(\.status) == [0xFE00])
        }
    }
}
