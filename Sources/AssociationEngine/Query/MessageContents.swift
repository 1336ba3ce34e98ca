import AssociationEvents
import DICOMDataSet
import DICOMUpperLayer

/// What the data set of a DIMSE message other than C-STORE says, for its `dimse` event: the identifier of a
/// C-FIND / C-GET / C-MOVE request or response, the transaction of a storage commitment N-ACTION / N-EVENT-REPORT,
/// the step of an MPPS N-CREATE / N-SET. Values that do not decode in the Specific Character Set are left out and
/// listed in `findings`.
struct MessageContents: Equatable {
    var identifier: IdentifierSummary?
    var commitment: CommitmentSummary?
    var procedureStep: ProcedureStepSummary?
    var findings: [DataSetFinding] = []

    static let transactionUID = DICOMTag(0x0008, 0x1195)
    static let referencedSOPSequence = DICOMTag(0x0008, 0x1199)
    static let failedSOPSequence = DICOMTag(0x0008, 0x1198)

    init(command: CommandField, attributes: AttributeSet) {
        switch command.rawValue & 0x7FFF {
        case CommandField.cFindRQ.rawValue, CommandField.cGetRQ.rawValue, CommandField.cMoveRQ.rawValue:
            identifier = summarize(attributes, withMatching: command.isRequest)
        case CommandField.nActionRQ.rawValue, CommandField.nEventReportRQ.rawValue:
            guard attributes[Self.transactionUID] != nil || attributes[Self.referencedSOPSequence] != nil else { break }
            commitment = CommitmentSummary(
                transactionUID: text(attributes, Self.transactionUID, .default),
                referencedInstances: attributes[Self.referencedSOPSequence]?.items?.count ?? 0,
                failedInstances: attributes[Self.failedSOPSequence]?.items?.count)
        case CommandField.nCreateRQ.rawValue, CommandField.nSetRQ.rawValue:
            let charset = attributes.specificCharacterSet
            func value(_ group: UInt16, _ element: UInt16) -> String? {
                text(attributes, DICOMTag(group, element), charset)
            }
            let step = ProcedureStepSummary(
                status: value(0x0040, 0x0252), stepID: value(0x0040, 0x0253), stepDescription: value(0x0040, 0x0254),
                startDate: value(0x0040, 0x0244), startTime: value(0x0040, 0x0245), endDate: value(0x0040, 0x0250),
                endTime: value(0x0040, 0x0251), performedStationAETitle: value(0x0040, 0x0241),
                modality: value(0x0008, 0x0060), patientID: value(0x0010, 0x0020), patientName: value(0x0010, 0x0010))
            if step != ProcedureStepSummary() { procedureStep = step }
        default:
            break
        }
    }

    /// Every key in tag order, a sequence's item keys after it (first item only: a query key has one item,
    /// PS3.4 C.2.2.2.6).
    private mutating func summarize(_ attributes: AttributeSet, withMatching: Bool) -> IdentifierSummary {
        let charset = attributes.specificCharacterSet
        var keys: [IdentifierKey] = []
        var total = 0
        // An item with its own Specific Character Set decodes in it, and so do the items nested in it
        // (PS3.3 C.12.1.1.2).
        func walk(_ set: AttributeSet, charset: SpecificCharacterSet, tagPath: String, keywordPath: String) {
            for tag in set.tags where tag != .specificCharacterSet && tag != .queryRetrieveLevel {
                guard let value = set[tag] else { continue }
                total += 1
                let keyword = TagDictionary.keyword(for: tag) ?? tag.description
                let tagText = tagPath.isEmpty ? tag.description : tagPath + ">" + tag.description
                let keywordText = keywordPath.isEmpty ? keyword : keywordPath + ">" + keyword
                var text: String?
                if value.items == nil {
                    switch value.text(characterSet: charset) {
                    case .success(let decoded): text = decoded.isEmpty ? nil : decoded
                    case .failure(let error):
                        findings.append(DataSetFinding(.valueNotDecoded, "\(tag) \(keyword): \(error)"))
                    }
                }
                if keys.count < IdentifierSummary.maximumKeys {
                    keys.append(IdentifierKey(
                        tag: tagText, keyword: keywordText, vr: value.vr.rawValue,
                        matching: withMatching ? MatchingKind.of(vr: value.vr, text: (text ?? "").trimmingSpaces)
                            .rawValue : nil,
                        value: text))
                }
                if let item = value.items?.first {
                    let itemCharset = item[.specificCharacterSet] == nil ? charset : item.specificCharacterSet
                    walk(item, charset: itemCharset, tagPath: tagText, keywordPath: keywordText)
                }
            }
        }
        walk(attributes, charset: charset, tagPath: "", keywordPath: "")
        return IdentifierSummary(
            level: text(attributes, .queryRetrieveLevel, .default),
            specificCharacterSet: attributes[.specificCharacterSet].map { _ in charset.terms.joined(separator: "\\") },
            keys: keys, keysNotListed: total > keys.count ? total - keys.count : nil)
    }

    private mutating func text(_ attributes: AttributeSet, _ tag: DICOMTag, _ charset: SpecificCharacterSet) -> String? {
        guard let value = attributes[tag], value.items == nil else { return nil }
        switch value.text(characterSet: charset) {
        case .success(let text): return text.isEmpty ? nil : text
        case .failure(let error):
            findings.append(DataSetFinding(.valueNotDecoded, "\(tag) \(TagDictionary.keyword(for: tag) ?? ""): \(error)"))
            return nil
        }
    }

    /// What `reader` read of a message's data set: its contents, the data set itself when it was read to its end
    /// (an identifier is matched only whole), and otherwise why not.
    static func read(_ reader: DataSetReader, command: DIMSECommand)
        -> (contents: MessageContents, whole: AttributeSet?, problem: String) {
        let attributes = AttributeSet(elements: reader.elements)
        var contents = MessageContents(command: command.commandField, attributes: attributes)
        contents.findings = reader.findings + contents.findings
        switch reader.state {
        case .finished:
            return (contents, attributes, "")
        case .failed(let error):
            return (contents, nil, "identifier not read: \(error)")
        case .reachedLimit, .reading, .reachedPixelData:
            return (contents, nil, "identifier longer than \(reader.limits.prefixBytes) bytes")
        case .notDecoded:
            return (contents, nil, "identifier not decoded")
        }
    }

    /// Adds the contents to a `dimse` event.
    func apply(to message: inout DIMSEMessage) {
        message.identifier = identifier
        message.commitment = commitment
        message.procedureStep = procedureStep
    }
}
