import AssociationEvents

extension Painter {
    /// Who and what a C-STORE-RQ carried, under its line in the Activity tab: modality and rows × columns (× frames),
    /// Patient ID and name, study date and description, series and instance numbers — the most telling first, as
    /// 80 columns cut the end — as read from the data set's first bytes (PS3.3 C.7.1.1, C.7.2.1, C.7.3.1, C.7.6.1,
    /// C.7.6.3). Nil when nothing was read.
    func dataSetLine(_ summary: DataSetSummary, indent: String) -> StyledLine? {
        if summary.read == "not-decoded" {
            return StyledLine([.init(text: indent + "data set not decoded", role: .finished)])
        }
        var spans: [StyledLine.Span] = [.init(text: indent)]
        func add(_ text: String?, role: ColorRole = .plain, attributes: CellAttributes = []) {
            guard let text, !text.isEmpty else { return }
            spans.append(.init(text: (spans.count > 1 ? "  " : "") + text, role: role, attributes: attributes))
        }
        add(summary.modality, role: .accent, attributes: [.bold])
        if let rows = summary.rows, let columns = summary.columns {
            let frames = summary.numberOfFrames.flatMap { Int($0) } ?? 1
            add("\(rows)x\(columns)" + (frames > 1 ? "x\(frames)" : ""), role: .finished)
        }
        add([summary.patientID, summary.patientName].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " "),
            attributes: [.bold])
        add([summary.studyDate.map(Self.date), summary.studyDescription].compactMap { $0 }
            .filter { !$0.isEmpty }.joined(separator: " "))
        add([summary.seriesNumber.map { "series \($0)" }, summary.instanceNumber.map { "image \($0)" }]
            .compactMap { $0 }.joined(separator: " "), role: .finished)
        return spans.count > 1 ? StyledLine(spans) : nil
    }

    /// "20040119" as "2004-01-19" (a DA value, PS3.5 Table 6.2-1); anything else as sent.
    static func date(_ value: String) -> String {
        guard value.count == 8, value.allSatisfy(\.isNumber) else { return value }
        let digits = Array(value)
        return String(digits[0..<4]) + "-" + String(digits[4..<6]) + "-" + String(digits[6..<8])
    }
}
