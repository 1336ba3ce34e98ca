/// One-line summaries for logs and the monitor's event list.
extension PDU: CustomStringConvertible {
    public var description: String {
        switch self {
        case .associateRQ(let rq):
            let max = rq.userInformation.maximumLength.map { ", max length \($0)" } ?? ""
            return "A-ASSOCIATE-RQ \(rq.callingAETitle) → \(rq.calledAETitle), "
                + "\(rq.presentationContexts.count) presentation context(s)\(max)"
                + (rq.findings.isEmpty ? "" : ", \(rq.findings.count) finding(s)")
        case .associateAC(let ac):
            let accepted = ac.presentationContexts.filter { $0.result.isAccepted }.count
            return "A-ASSOCIATE-AC, \(accepted) of \(ac.presentationContexts.count) presentation context(s) accepted"
        case .associateRJ(let rj):
            return "A-ASSOCIATE-RJ \(rj)"
        case .dataTF(let data):
            let pdvs = data.values.map {
                "PC \($0.presentationContextID) \($0.messageControlHeader) \($0.fragment.readableBytes) B"
            }
            return "P-DATA-TF [\(pdvs.joined(separator: "; "))]"
        case .releaseRQ:
            return "A-RELEASE-RQ"
        case .releaseRP:
            return "A-RELEASE-RP"
        case .abort(let abort):
            return "A-ABORT \(abort)"
        }
    }
}
