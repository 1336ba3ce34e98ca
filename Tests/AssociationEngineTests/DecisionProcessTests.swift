import AssociationEvents
import DICOMUpperLayer
import Foundation
import Testing
@testable import AssociationEngine

/// The Sta3 decision as a value (PS3.8 §9.2, AE-6 → AE-7 / AE-8 / AA-1): a table of inputs and the step each one
/// takes, without a socket or a clock.
@Suite struct DecisionProcessTests {
    static let time = Date(timeIntervalSince1970: 1_000_000)
    static let rq = ProposalBuilderTests.rq([(1, ProposalBuilderTests.verification, [ProposalBuilderTests.ivrle])],
                                            calling: "MOD1")

    /// A process with `rules` as its rules file (none when nil).
    static func process(policy: Policy = .ask, stopping: Bool = false, rules: String? = nil,
                        configure: (inout EngineOptions) -> Void = { _ in }) throws -> DecisionProcess {
        var options = EngineOptions()
        options.decisionTimeout = 25
        if let rules {
            let url = FileManager.default.temporaryDirectory
                .appendingPathComponent("decision-\(UUID().uuidString).rules")
            try rules.write(to: url, atomically: true, encoding: .utf8)
            options.rulesFile = url.path
        }
        configure(&options)
        return DecisionProcess(options: options, builder: ProposalBuilder(), rules: DecisionSource(options: options),
                               policy: policy, stopping: stopping)
    }

    static func arrival(_ process: DecisionProcess, rq: AAssociateRQ = rq, mismatch: Bool = false,
                        refused: Bool = false) -> DecisionProcess.Arrival {
        process.arrival(of: rq, calledAETitleMismatch: mismatch, peer: "127.0.0.1:40000",
                        peerCertificateSubject: nil, refused: refused, at: time)
    }

    struct Row: Sendable, CustomTestStringConvertible {
        var name: String
        var policy: Policy = .ask
        var stopping = false
        var refused = false
        var mismatch = false
        var requireCalled = false
        var protocolVersion: UInt16 = 1
        var rules: String?
        var expected: DecisionStep
        var testDescription: String { name }
    }

    static let hold = DecisionStep.hold(until: time.addingTimeInterval(25))

    static let rows: [Row] = [
        Row(name: "ask holds until the decision timeout", expected: hold),
        Row(name: "policy accept", policy: .accept, expected: .accept(edits: nil, roles: nil, by: .policy)),
        Row(name: "policy reject is 1/1/1", policy: .reject,
            expected: .reject(result: 1, source: 1, reason: 1, by: .policy)),
        Row(name: "stopping comes first", policy: .accept, stopping: true, refused: true,
            expected: .reject(result: 2, source: 3, reason: 1, by: .shutdown)),
        Row(name: "a protocol version without bit 0 is 1/2/2", policy: .accept, refused: true, protocolVersion: 2,
            expected: .reject(result: 1, source: 2, reason: 2, by: .policy)),
        Row(name: "a limit is 2/3/2", policy: .accept, refused: true, mismatch: true, requireCalled: true,
            expected: .reject(result: 2, source: 3, reason: 2, by: .limit)),
        Row(name: "another called AE title, required, is 1/1/7", policy: .accept, mismatch: true,
            requireCalled: true, rules: "accept\n", expected: .reject(result: 1, source: 1, reason: 7, by: .policy)),
        Row(name: "another called AE title, not required, goes on", policy: .accept, mismatch: true,
            expected: .accept(edits: nil, roles: nil, by: .policy)),
        Row(name: "a rule before the policy", policy: .accept, rules: "reject 2/1/2 calling=MOD1\n",
            expected: .reject(result: 2, source: 1, reason: 2, by: .rule)),
        Row(name: "a rule that asks holds", policy: .accept, rules: "ask calling=MOD1\naccept\n", expected: hold),
        Row(name: "a rule accepting", policy: .reject, rules: "accept calling=MOD*\n",
            expected: .accept(edits: nil, roles: nil, by: .rule)),
        Row(name: "no rule matches: the policy", policy: .reject, rules: "accept calling=OTHER\n",
            expected: .reject(result: 1, source: 1, reason: 1, by: .policy)),
        Row(name: "a forward rule leaves the decision to the policy", policy: .accept,
            rules: "forward 127.0.0.1:104 calling=MOD1\n", expected: .accept(edits: nil, roles: nil, by: .policy)),
    ]

    @Test(arguments: rows) func arrival(_ row: Row) throws {
        let process = try Self.process(policy: row.policy, stopping: row.stopping, rules: row.rules) {
            $0.requireCalledAETitle = row.requireCalled
        }
        var rq = Self.rq
        rq.protocolVersion = row.protocolVersion
        #expect(Self.arrival(process, rq: rq, mismatch: row.mismatch, refused: row.refused).step == row.expected)
    }

    @Test func forwardTargetFollowsTheDecision() throws {
        let upstream = try #require(ForwardTarget(address: "127.0.0.1:104"))
        let ruled = try Self.process(policy: .ask, rules: "forward 127.0.0.1:104 calling=MOD1\n")
        #expect(Self.arrival(ruled) == DecisionProcess.Arrival(step: Self.hold, forward: upstream))
        let option = try Self.process(policy: .accept) { $0.forward = ForwardTarget(host: "10.0.0.9", port: 11112) }
        #expect(Self.arrival(option).forward == ForwardTarget(host: "10.0.0.9", port: 11112))
        // A rejected request is forwarded nowhere.
        let rejected = try Self.process(policy: .reject, rules: "forward 127.0.0.1:104 calling=MOD1\n")
        #expect(Self.arrival(rejected).forward == nil)
        #expect(Self.arrival(option, refused: true).forward == nil)
    }

    @Test func timeoutFollowsTheOption() throws {
        #expect(try Self.process().timedOut() == .reject(result: 2, source: 3, reason: 1, by: .timeout))
        #expect(try Self.process().timedOut(upstreamRejection: (1, 1, 3))
            == .reject(result: 1, source: 1, reason: 3, by: .timeout))
        #expect(try Self.process { $0.onTimeout = .accept }.timedOut()
            == .accept(edits: nil, roles: nil, by: .timeout))
        #expect(try Self.process { $0.onTimeout = .abort }.timedOut() == .abort)
    }

    @Test func operatorCommandsAreChecked() throws {
        let process = try Self.process()
        let held = HeldRequest(rq: Self.rq, published: AssociationRequested(
            association: 7, peer: "127.0.0.1:40000", rq: Self.rq, ourAETitle: "ASSOCMON",
            proposal: ProposalBuilder().proposal(for: Self.rq), deadline: nil, raw: [], time: Self.time),
            proposal: ProposalBuilder().proposal(for: Self.rq), receivedAt: Self.time)
        #expect(process.operatorAccept(held, waiting: false, association: 7, state: "Sta6", tapped: false,
                                       contexts: nil, roles: nil)
            == .commandError("accept: association 7 is in Sta6, not waiting for a decision (Sta3)"))
        #expect(process.operatorAccept(held, waiting: true, association: 7, state: "Sta3", tapped: false,
                                       contexts: nil, roles: nil) == .accept(edits: nil, roles: nil, by: .operator))
        let unknown = [ContextDecision(id: 9, result: 0, transferSyntax: ProposalBuilderTests.ivrle)]
        guard case .commandError(let message) = process.operatorAccept(
            held, waiting: true, association: 7, state: "Sta3", tapped: false, contexts: unknown, roles: nil) else {
            Issue.record("an edit of a context that was not proposed must be refused")
            return
        }
        #expect(message.hasPrefix("accept: "))
        // Tapped, the edits are checked against the upstream's answer when relayed; role edits do not apply.
        let roles = [RoleSelection(sopClassUID: ProposalBuilderTests.verification, scuRole: 1, scpRole: 0)]
        #expect(process.operatorAccept(held, waiting: true, association: 7, state: "Sta3", tapped: true,
                                       contexts: unknown, roles: roles)
            == .accept(edits: unknown, roles: nil, by: .operator))
        #expect(process.operatorReject(waiting: true, association: 7, state: "Sta3", result: 1, source: 3, reason: 7)
            == .commandError("reject: 1/3/7 is not a PS3.8 Table 9-21 triple (result 1|2; source 1 with reason 1, "
                + "2, 3 or 7; source 2 with 1 or 2; source 3 with 1 or 2)"))
        #expect(process.operatorReject(waiting: true, association: 7, state: "Sta3", result: 2, source: 3, reason: 2)
            == .reject(result: 2, source: 3, reason: 2, by: .operator))
        #expect(process.operatorReject(waiting: false, association: 7, state: "Sta2", result: 1, source: 1,
                                       reason: 1)
            == .commandError("reject: association 7 is in Sta2, not waiting for a decision (Sta3)"))
    }

    @Test func rememberingAndAppliedRules() throws {
        #expect(DecisionProcess.verdict(remembering: .accept(edits: nil, roles: nil, by: .operator)) == .accept)
        #expect(DecisionProcess.verdict(remembering: .reject(result: 1, source: 1, reason: 7, by: .operator))
            == .reject(result: 1, source: 1, reason: 7))
        #expect(DecisionProcess.verdict(remembering: .commandError("no")) == nil)
        #expect(DecisionProcess.verdict(remembering: Self.hold) == nil)

        let process = try Self.process(rules: "ask calling=OTHER\n")
        let held = HeldRequest(rq: Self.rq, published: AssociationRequested(
            association: 1, peer: "127.0.0.1:40000", rq: Self.rq, ourAETitle: "ASSOCMON",
            proposal: ProposalBuilder().proposal(for: Self.rq), deadline: nil, raw: [], time: Self.time),
            proposal: ProposalBuilder().proposal(for: Self.rq), receivedAt: Self.time)
        let added = try #require(process.rules.remember(.reject(result: 1, source: 1, reason: 3),
                                                        callingAETitle: "MOD1", peerAddress: "127.0.0.1:40000"))
        #expect(process.appliedRule(onLine: added.line, to: held, peer: "127.0.0.1:40000",
                                    peerCertificateSubject: nil) == .reject(result: 1, source: 1, reason: 3, by: .rule))
        // Another line is not the rule that decides this request.
        #expect(process.appliedRule(onLine: added.line + 1, to: held, peer: "127.0.0.1:40000",
                                    peerCertificateSubject: nil) == nil)
    }

    @Test func acceptanceNegotiatesTheAcceptedContexts() throws {
        let rq = ProposalBuilderTests.rq([(1, ProposalBuilderTests.verification, [ProposalBuilderTests.ivrle]),
                                          (3, ProposalBuilderTests.privateClass, [ProposalBuilderTests.ivrle])])
        let proposal = ProposalBuilder().proposal(for: rq)
        let held = HeldRequest(rq: rq, published: AssociationRequested(
            association: 1, peer: "p", rq: rq, ourAETitle: "ASSOCMON", proposal: proposal, deadline: nil, raw: [],
            time: Self.time), proposal: proposal, receivedAt: Self.time)
        let process = try Self.process()
        let acceptance = try process.acceptance(of: held, edits: nil, roles: nil)
        #expect(acceptance.answer == proposal)
        let negotiated = try #require(acceptance.negotiated)
        #expect(acceptance.forward == nil)
        #expect(negotiated.peerMaximumLength == 16384)
        #expect(Set(negotiated.contexts.keys)
            == Set(proposal.presentationContexts.filter { $0.result == 0 }.map { UInt8($0.id) }))
        #expect(acceptance.ac.presentationContexts.count == 2)
        let edited = try process.acceptance(
            of: held, edits: [ContextDecision(id: 1, result: 2, transferSyntax: nil)], roles: nil)
        #expect(try #require(edited.negotiated).contexts[1] == nil)
        #expect(throws: (any Error).self) {
            try process.acceptance(of: held, edits: [ContextDecision(id: 5, result: 0, transferSyntax: nil)],
                                   roles: nil)
        }
    }
}
