@testable import AssociationEngine
import AssociationEvents
import DICOMUpperLayer
import Testing

/// A message's findings stay bounded however many PDVs a peer sends oddly.
@Suite struct MessageFindingsTests {
    @Test func atMostSixteenPerCodeThenOneSummary() {
        var findings = MessageFindings()
        #expect(findings.isEmpty)
        let odd = MessageReassembler.Finding.oddFragmentLength(presentationContextID: 1, isCommand: false, length: 3)
        findings.add(Array(repeating: odd, count: 1000))
        findings.add([.commandGroupLengthMismatch(declared: 10, actual: 12)])
        let taken = findings.take()
        #expect(taken.count == MessageFindings.perCodeLimit + 2)
        #expect(taken.filter { $0.code == "pdv.odd-fragment" }.count == MessageFindings.perCodeLimit + 1)
        #expect(taken.last == FindingSummary(code: "pdv.odd-fragment", severity: "error",
                                             message: "… and \(1000 - MessageFindings.perCodeLimit) more of the same"))
        #expect(taken.contains(FindingSummary(code: "dimse.group-length", severity: "warning",
                                              message: "Command Group Length says 10, elements take 12")))
        #expect(findings.isEmpty)
        #expect(findings.take().isEmpty)
    }
}
