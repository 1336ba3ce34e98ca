import AssociationEvents

extension Painter {
    /// What a query, storage commitment or MPPS message carried, under its line in the Activity tab (PS3.4 C.4,
    /// J.3, F.7): the lines to show, the most telling first, as 80 columns cut the end.
    func contentLines(_ message: DIMSEMessage, indent: String) -> [StyledLine] {
        var lines: [StyledLine] = []
        if let identifier = message.identifier {
            lines += identifierLines(identifier, isRequest: message.direction == .received
                                         && message.status == nil, indent: indent)
        }
        if let commitment = message.commitment { lines.append(commitmentLine(commitment, indent: indent)) }
        if let step = message.procedureStep { lines.append(procedureStepLine(step, indent: indent)) }
        return lines
    }

    /// A request: its level, then the keys that select (value and matching, PS3.4 C.2.2.2), then on a second line
    /// the keys only asked for (universal matching). A response: the keys with a value (its level is the request's).
    func identifierLines(_ summary: IdentifierSummary, isRequest: Bool, indent: String) -> [StyledLine] {
        var spans: [StyledLine.Span] = [.init(text: indent)]
        if isRequest, let level = summary.level {
            spans.append(.init(text: level + " ", role: .accent, attributes: [.bold]))
        }
        let selecting = summary.keys.filter { $0.value != nil && $0.matching != "sequence" }
        for key in selecting {
            spans.append(.init(text: Self.shortKeyword(key) + "=", role: .finished))
            spans.append(.init(text: key.value ?? "", attributes: [.bold]))
            if isRequest, let matching = key.matching {
                spans.append(.init(text: " (\(matching))", role: .finished))
            }
            spans.append(.init(text: "  "))
        }
        if selecting.isEmpty { spans.append(.init(text: isRequest ? "every entity" : "no values", role: .finished)) }
        var lines = [StyledLine(spans)]
        let asked = summary.keys.filter { $0.value == nil && $0.matching != "sequence" }
        if isRequest, !asked.isEmpty {
            let names = asked.map(Self.shortKeyword).joined(separator: " ")
                + (summary.keysNotListed.map { " +\($0)" } ?? "")
            lines.append(StyledLine([.init(text: indent), .init(text: "returns ", role: .finished),
                                     .init(text: names)]))
        }
        return lines
    }

    /// "PatientName"; a key inside a sequence's item as ">Modality".
    static func shortKeyword(_ key: IdentifierKey) -> String {
        let name = key.keyword ?? key.tag
        guard let last = name.split(separator: ">").last, name.contains(">") else { return name }
        return ">" + last
    }

    func commitmentLine(_ commitment: CommitmentSummary, indent: String) -> StyledLine {
        var spans: [StyledLine.Span] = [
            .init(text: indent),
            .init(text: "\(commitment.referencedInstances) instance\(commitment.referencedInstances == 1 ? "" : "s")",
                  attributes: [.bold]),
        ]
        if let failed = commitment.failedInstances, failed > 0 {
            spans.append(.init(text: "  \(failed) failed", role: .error, attributes: [.bold]))
        }
        if let uid = commitment.transactionUID {
            spans.append(.init(text: "  transaction ", role: .finished))
            spans.append(.init(text: uid))
        }
        return StyledLine(spans)
    }

    func procedureStepLine(_ step: ProcedureStepSummary, indent: String) -> StyledLine {
        var spans: [StyledLine.Span] = [.init(text: indent)]
        func add(_ text: String?, role: ColorRole = .plain, attributes: CellAttributes = []) {
            guard let text, !text.isEmpty else { return }
            spans.append(.init(text: (spans.count > 1 ? "  " : "") + text, role: role, attributes: attributes))
        }
        add(step.status, role: step.status == "DISCONTINUED" ? .error : .accent, attributes: [.bold])
        add(step.modality, role: .accent)
        add([step.patientID, step.patientName].compactMap { $0 }.joined(separator: " "), attributes: [.bold])
        add(step.stepID.map { "step \($0)" })
        add(step.stepDescription)
        add([step.startDate.map(Self.date), step.startTime].compactMap { $0 }.joined(separator: " ")
                .nonEmpty.map { "start \($0)" }, role: .finished)
        add([step.endDate.map(Self.date), step.endTime].compactMap { $0 }.joined(separator: " ")
                .nonEmpty.map { "end \($0)" }, role: .finished)
        add(step.performedStationAETitle.map { "on \($0)" }, role: .finished)
        return StyledLine(spans)
    }
}

extension String {
    /// Nil when empty.
    var nonEmpty: String? { isEmpty ? nil : self }
}
