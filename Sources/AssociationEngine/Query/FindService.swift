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
        var seen = Set<String>()
        var out: [AttributeSet] = []
        for record in index.snapshot.reversed() where matcher.matches(record) {
            // One response per entity of the level: the first (most recent) instance of it speaks for it.
            guard let key = record[unique.uniqueKey],
                  case .success(let value) = key.text(characterSet: record.specificCharacterSet),
                  seen.insert(value).inserted else { continue }
            var response = matcher.response(for: record)
            response[.queryRetrieveLevel] = AttributeValue(vr: .CS, bytes: Array(level.utf8))
            out.append(response)
        }
        return .matches(out)
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
