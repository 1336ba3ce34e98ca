import DICOMDataSet

/// The C-FIND SCP (PS3.4 C.4.1.3, K.4.1.3): a request's identifier in, the identifiers of its pending responses
/// (or a failure status) out. Patient Root and Study Root Query/Retrieve – FIND answer from `index`; Modality
/// Worklist – FIND from `worklist`.
struct FindService: Sendable {
    static let patientRootFind = "1.2.840.10008.5.1.4.1.2.1.1"
    static let studyRootFind = "1.2.840.10008.5.1.4.1.2.2.1"
    static let modalityWorklistFind = "1.2.840.10008.5.1.4.31"
    /// The SOP classes answered (what the query contexts accept).
    static let sopClasses: Set<String> = [patientRootFind, studyRootFind, modalityWorklistFind]

    let index: InstanceIndex
    let worklist: WorklistSource?

    init(index: InstanceIndex, worklist: WorklistSource?) {
        self.index = index
        self.worklist = worklist
    }

    enum Outcome: Sendable, Equatable {
        /// One identifier per pending response, then success.
        case matches([AttributeSet])
        /// A failure response (PS3.4 C.4.1.1.4 statuses) with its Error Comment.
        case failure(status: UInt16, comment: String)
    }

    /// Unable to process (PS3.4 Table C.4-1: C000–CFFF): the identifier cannot be answered as sent.
    static let unableToProcess: UInt16 = 0xC000

    func answer(sopClassUID: String, identifier: AttributeSet) -> Outcome {
        let matcher = IdentifierMatcher(query: identifier)
        if sopClassUID == Self.modalityWorklistFind {
            let items = worklist?.items ?? []
            return .matches(items.filter(matcher.matches).map(matcher.response(for:)))
        }
        guard let levelValue = identifier[.queryRetrieveLevel],
              case .success(let levelText) = levelValue.text(characterSet: .default) else {
            return .failure(status: Self.unableToProcess, comment: "no Query/Retrieve Level (0008,0052)")
        }
        let level = levelText.trimmingSpaces
        guard let unique = QueryLevel(rawValue: level),
              sopClassUID == Self.patientRootFind || unique != .patient else {
            let allowed = sopClassUID == Self.patientRootFind ? "PATIENT, STUDY, SERIES or IMAGE" : "STUDY, SERIES or IMAGE"
            return .failure(status: Self.unableToProcess,
                            comment: "Query/Retrieve Level \"\(level)\" is not \(allowed)")
        }
        // One response per entity of the level, from the first (most recent) of its instances that matches, with
        // the entity's derived attributes (C.6.1.1.2–C.6.1.1.4) it has no element for.
        var order: [String] = []
        var entities: [String: [AttributeSet]] = [:]
        for record in index.snapshot.reversed() {
            guard let key = record[unique.uniqueKey],
                  case .success(let value) = key.text(characterSet: record.specificCharacterSet) else { continue }
            let trimmed = value.trimmingSpaces
            if entities[trimmed] == nil { order.append(trimmed) }
            entities[trimmed, default: []].append(record)
        }
        var out: [AttributeSet] = []
        for key in order {
            let records = entities[key] ?? []
            let derived = Self.derived(unique, records)
            for record in records {
                var candidate = record
                for (tag, value) in derived.values where candidate[tag] == nil { candidate[tag] = value }
                guard matcher.matches(candidate) else { continue }
                var response = matcher.response(for: candidate)
                response[.queryRetrieveLevel] = AttributeValue(vr: .CS, bytes: Array(level.utf8))
                out.append(response)
                break
            }
        }
        return .matches(out)
    }
}

extension FindService {
    static let modalitiesInStudy = DICOMTag(0x0008, 0x0061)
    static let numberOfPatientRelatedStudies = DICOMTag(0x0020, 0x1200)
    static let numberOfPatientRelatedSeries = DICOMTag(0x0020, 0x1202)
    static let numberOfPatientRelatedInstances = DICOMTag(0x0020, 0x1204)
    static let numberOfStudyRelatedSeries = DICOMTag(0x0020, 0x1206)
    static let numberOfStudyRelatedInstances = DICOMTag(0x0020, 0x1208)
    static let numberOfSeriesRelatedInstances = DICOMTag(0x0020, 0x1209)

    /// The optional keys an SCP computes from an entity's instances rather than reads (PS3.4 C.6.1.1.2 Patient,
    /// C.6.1.1.3 Study, C.6.1.1.4 Series): counts of studies, series and instances, and Modalities in Study.
    static func derived(_ level: QueryLevel, _ records: [AttributeSet]) -> AttributeSet {
        func distinct(_ tag: DICOMTag) -> [String] {
            Set(records.compactMap { try? $0[tag]?.text(characterSet: .default).get() }
                .map(\.trimmingSpaces).filter { !$0.isEmpty }).sorted()
        }
        func number(_ count: Int) -> AttributeValue { AttributeValue(vr: .IS, bytes: Array(String(count).utf8)) }
        var set = AttributeSet()
        switch level {
        case .patient:
            set[numberOfPatientRelatedStudies] = number(distinct(.studyInstanceUID).count)
            set[numberOfPatientRelatedSeries] = number(distinct(.seriesInstanceUID).count)
            set[numberOfPatientRelatedInstances] = number(records.count)
        case .study:
            set[modalitiesInStudy] = AttributeValue(vr: .CS, bytes: Array(distinct(.modality)
                .joined(separator: "\\").utf8))
            set[numberOfStudyRelatedSeries] = number(distinct(.seriesInstanceUID).count)
            set[numberOfStudyRelatedInstances] = number(records.count)
        case .series:
            set[numberOfSeriesRelatedInstances] = number(records.count)
        case .image:
            break
        }
        return set
    }
}

/// The Query/Retrieve levels (PS3.4 C.6.1.1) and the unique key of each.
enum QueryLevel: String {
    case patient = "PATIENT", study = "STUDY", series = "SERIES", image = "IMAGE"

    var uniqueKey: DICOMTag {
        switch self {
        case .patient: .patientID
        case .study: .studyInstanceUID
        case .series: .seriesInstanceUID
        case .image: .sopInstanceUID
        }
    }
}
