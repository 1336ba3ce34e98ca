import AssociationEvents
import Foundation

/// JSON lines per second for the events of one C-ECHO association as the README's session shows them
/// (connection-opened, association-requested, association-accepted, the C-ECHO-RQ and -RSP dimse events,
/// release-requested, released, connection-closed), written as the headless writer does: one reused encoder and
/// buffer, one line after another.
enum EventLinesBenchmark {
    static func events(association: Int = 1, at time: Date = Date(timeIntervalSince1970: 1_795_615_200.123))
        -> [EngineEvent] {
        let peer = "127.0.0.1:\(32_768 + association % 28_000)"
        let echo = "1.2.840.10008.1.1", implicit = "1.2.840.10008.1.2"
        let reason = "Verification SOP Class: Verification, accepted with Implicit VR Little Endian (the SCU's first)"
        let accepted = [ContextDecision(id: 1, result: 0, transferSyntax: implicit, reason: reason)]
        return [
            .connectionOpened(ConnectionOpened(association: association, peer: peer, local: "127.0.0.1:11112", time: time)),
            .associationRequested(AssociationRequested(
                association: association, peer: peer, callingAETitle: "ECHOSCU", calledAETitle: "ASSOCMON",
                calledAETitleMismatch: false, applicationContextName: "1.2.840.10008.3.1.1.1", protocolVersion: 1,
                maxPDULength: 16384, implementationClassUID: "1.2.276.0.7230010.3.0.3.6.7",
                implementationVersionName: "OFFIS_DCMTK_367", implementation: "DCMTK", maxOperationsInvoked: nil,
                maxOperationsPerformed: nil,
                presentationContexts: [ProposedContext(id: 1, abstractSyntax: echo, transferSyntaxes: [implicit])],
                roleSelections: [], extendedNegotiations: [], userIdentity: nil,
                findings: [FindingSummary(code: "pc-reserved-nonzero", severity: "info",
                                          message: "reserved bytes of presentation context 1 at offset 104 are not "
                                              + "zero (DCMTK sends 0xFF)")],
                deadline: time.addingTimeInterval(25),
                proposal: Proposal(presentationContexts: accepted, maxPDULength: 262_144),
                raw: rawRequest, time: time)),
            .associationAccepted(AssociationAccepted(association: association, decidedBy: .operator,
                                                     presentationContexts: accepted, roleSelections: [],
                                                     maxPDULength: 262_144, raw: rawAccept, time: time)),
            .dimse(DIMSEMessage(association: association, direction: .received, command: "C-ECHO-RQ", commandField: 0x0030,
                                messageID: 1, messageIDBeingRespondedTo: nil, presentationContext: 1,
                                affectedSOPClassUID: echo, affectedSOPInstanceUID: nil, status: nil, bytes: 0,
                                durationMilliseconds: nil, time: time)),
            .dimse(DIMSEMessage(association: association, direction: .sent, command: "C-ECHO-RSP", commandField: 0x8030,
                                messageID: nil, messageIDBeingRespondedTo: 1, presentationContext: 1,
                                affectedSOPClassUID: echo, affectedSOPInstanceUID: nil, status: 0, bytes: 0,
                                durationMilliseconds: 0.17011165618896484, time: time)),
            .releaseRequested(ReleaseRequested(association: association, time: time, state: .sta8)),
            .released(Released(association: association, time: time)),
            .connectionClosed(ConnectionClosed(association: association, time: time)),
        ]
    }

    /// An A-ASSOCIATE-RQ of echoscu's size (211 bytes) and an A-ASSOCIATE-AC (203 bytes); the lines carry them as hex.
    static let rawRequest = (0..<211).map { UInt8(truncatingIfNeeded: $0 &* 37) }
    static let rawAccept = (0..<203).map { UInt8(truncatingIfNeeded: $0 &* 41) }

    static func run(associationsPerRun: Int, warmup: Int, iterations: Int) -> Benchmark.Result {
        let events = events()
        let encoder = JSONLines.Encoder()
        var scratch: [UInt8] = []
        scratch.reserveCapacity(4096)
        return Benchmark(name: "event JSON lines, C-ECHO association", bytesPerRun: 0,
                         operationsPerRun: associationsPerRun * events.count, warmup: warmup, iterations: iterations)
            .run {
                var total = 0
                for _ in 0..<associationsPerRun {
                    for event in events {
                        scratch.removeAll(keepingCapacity: true)
                        encoder.append(event, to: &scratch)
                        scratch.append(UInt8(ascii: "\n"))
                        total &+= scratch.count
                    }
                }
                return total
            }
    }
}
