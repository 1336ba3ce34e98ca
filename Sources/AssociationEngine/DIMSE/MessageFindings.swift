import AssociationEvents
import DICOMDataSet
import DICOMUpperLayer

/// The reassembler's findings about one received DIMSE message (odd fragments, reserved header bits, a wrong
/// Command Group Length, a missing Command Data Set Type) and the data set reader's, kept until the message's
/// `dimse` event is published.
///
/// A hostile peer can make one finding per PDV (a 1 GiB data set in 3-byte fragments): at most `perCodeLimit`
/// findings of one code are kept, the rest are counted in one summary line, as for the A-ASSOCIATE-RQ findings.
struct MessageFindings {
    static let perCodeLimit = 16
    private var kept: [FindingSummary] = []
    private var counts: [String: Int] = [:]
    private var codeOrder: [String] = []

    var isEmpty: Bool { kept.isEmpty }

    mutating func add(_ findings: [MessageReassembler.Finding]) {
        for finding in findings {
            add(FindingSummary(code: finding.code, severity: finding.severity.rawValue, message: finding.description))
        }
    }

    mutating func add(_ findings: [DataSetFinding]) {
        for finding in findings {
            add(FindingSummary(code: finding.code.rawValue, severity: finding.severity.rawValue,
                               message: finding.message))
        }
    }

    private mutating func add(_ finding: FindingSummary) {
        let count = counts[finding.code, default: 0] + 1
        if count == 1 { codeOrder.append(finding.code) }
        counts[finding.code] = count
        if count <= Self.perCodeLimit { kept.append(finding) }
    }

    /// The kept findings, then one line per code whose further findings were suppressed; empties the list.
    mutating func take() -> [FindingSummary] {
        var out = kept
        for code in codeOrder {
            guard let count = counts[code], count > Self.perCodeLimit,
                  let severity = kept.first(where: { $0.code == code })?.severity else { continue }
            out.append(FindingSummary(code: code, severity: severity,
                                      message: "… and \(count - Self.perCodeLimit) more of the same"))
        }
        self = MessageFindings()
        return out
    }
}
