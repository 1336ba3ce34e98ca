/// What a monitor shows of a composite instance while it streams in: who (patient), what (study, series, instance,
/// image size) — read from the top level of a data set (PS3.3 C.7.1.1 Patient, C.7.2.1 General Study, C.7.3.1
/// General Series, C.7.6.1 General Image, C.7.6.3 Image Pixel, C.7.6.6 Multi-frame, C.12.1 SOP Common).
///
/// A text value that does not decode in the Specific Character Set is absent here, and a finding says why.
public struct DataSetAttributes: Sendable, Equatable {
    public var specificCharacterSet: SpecificCharacterSet = .default
    public var patientID: String?
    public var patientName: String?
    public var studyDate: String?
    public var studyDescription: String?
    public var modality: String?
    public var seriesNumber: String?
    public var instanceNumber: String?
    public var rows: Int?
    public var columns: Int?
    public var numberOfFrames: String?
    public var sopClassUID: String?
    public var sopInstanceUID: String?
    public var studyInstanceUID: String?
    public var seriesInstanceUID: String?
    public var findings: [DataSetFinding] = []

    /// The Type 1 attributes checked: present and not empty in every composite instance that has these modules
    /// (PS3.3 C.12.1 SOP Common, C.7.2.1 General Study, C.7.3.1 General Series).
    public static let type1: [(DICOMTag, String)] = [
        (.sopClassUID, "SOP Class UID"), (.sopInstanceUID, "SOP Instance UID"),
        (.studyInstanceUID, "Study Instance UID"), (.seriesInstanceUID, "Series Instance UID"),
        (.modality, "Modality"),
    ]

    public init() {}

    /// The attributes among the top-level elements read.
    public init(elements: [DataElement]) {
        let top = elements.filter { $0.depth == 0 && $0.kind == .element }
        if let charset = top.first(where: { $0.tag == .specificCharacterSet }), let value = charset.value {
            specificCharacterSet = SpecificCharacterSet(value: value)
        }
        for element in top {
            switch element.tag {
            case .patientID: patientID = text(element)
            case .patientName: patientName = text(element)
            case .studyDate: studyDate = text(element)
            case .studyDescription: studyDescription = text(element)
            case .modality: modality = text(element)
            case .seriesNumber: seriesNumber = text(element)
            case .instanceNumber: instanceNumber = text(element)
            case .numberOfFrames: numberOfFrames = text(element)
            case .rows: rows = element.unsignedIntegers.first.map(Int.init)
            case .columns: columns = element.unsignedIntegers.first.map(Int.init)
            case .sopClassUID: sopClassUID = text(element)
            case .sopInstanceUID: sopInstanceUID = text(element)
            case .studyInstanceUID: studyInstanceUID = text(element)
            case .seriesInstanceUID: seriesInstanceUID = text(element)
            default: break
            }
        }
    }

    private mutating func text(_ element: DataElement) -> String? {
        switch element.text(characterSet: specificCharacterSet) {
        case .success(let text): return text
        case .failure(let error):
            findings.append(DataSetFinding(.valueNotDecoded,
                "\(element.tag) \(TagDictionary.keyword(for: element.tag) ?? ""): \(error)"))
            return nil
        case nil: return nil
        }
    }

    /// Findings that compare the data set with its C-STORE-RQ command (PS3.7 §9.1.1.1: Affected SOP Class and
    /// Instance UID name the instance sent) and, when the whole non-pixel part was read (`complete`), Type 1
    /// attributes missing.
    public func commandFindings(affectedSOPClassUID: String?, affectedSOPInstanceUID: String?,
                                complete: Bool) -> [DataSetFinding] {
        var out: [DataSetFinding] = []
        if let affected = affectedSOPInstanceUID.map(Self.trimmed), let own = sopInstanceUID, own != affected {
            out.append(DataSetFinding(.sopInstanceMismatch,
                "SOP Instance UID (0008,0018) \(own) differs from Affected SOP Instance UID (0000,1000) \(affected)"))
        }
        if let affected = affectedSOPClassUID.map(Self.trimmed), let own = sopClassUID, own != affected {
            out.append(DataSetFinding(.sopClassMismatch,
                "SOP Class UID (0008,0016) \(own) differs from Affected SOP Class UID (0000,0002) \(affected)"))
        }
        guard complete else { return out }
        let values: [DICOMTag: String?] = [
            .sopClassUID: sopClassUID, .sopInstanceUID: sopInstanceUID, .studyInstanceUID: studyInstanceUID,
            .seriesInstanceUID: seriesInstanceUID, .modality: modality,
        ]
        for (tag, name) in Self.type1 where (values[tag] ?? nil)?.isEmpty ?? true {
            out.append(DataSetFinding(.missingType1, "\(name) \(tag) is Type 1 and absent or empty"))
        }
        return out
    }

    static func trimmed(_ uid: String) -> String {
        String(uid.prefix { $0 != "\0" && $0 != " " })
    }
}
