import AssociationEvents

extension Painter {
    /// One conformance finding as a line: severity (coloured by how serious it is), stable code, message. The
    /// Request tab lists the A-ASSOCIATE-RQ findings this way, the Activity tab each DIMSE message's findings.
    func findingLine(_ finding: FindingSummary, indent: String = " ") -> StyledLine {
        let severity = finding.severity.lowercased()
        let role: ColorRole = severity.hasPrefix("err") ? .error : (severity.hasPrefix("warn") ? .warning : .plain)
        return StyledLine([
            .init(text: "\(indent)\(g.bullet) \(finding.severity) ", role: role, attributes: [.bold]),
            .init(text: finding.code, role: .accent),
            .init(text: "  " + finding.message),
        ])
    }
}
