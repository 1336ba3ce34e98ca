import Foundation
import Testing
@testable import AssociationEngine

/// Tap mode's rules-file action `forward HOST:PORT [called-ae AE]`: parsing, the canonical form written back
/// (what `save-rules` and the fuzzer rely on), errors naming line and column, and the verdict it gives.
@Suite struct ForwardRuleTests {
    @Test(arguments: [
        ("forward 10.0.0.9:104", ForwardTarget(host: "10.0.0.9", port: 104), [RuleMatcher]()),
        ("forward pacs.example:11112 called-ae ARCHIVE calling=CT*",
         ForwardTarget(host: "pacs.example", port: 11112, calledAETitle: "ARCHIVE"), [.callingAETitle(.prefix("CT"))]),
        ("forward [fd00::9]:104 called-ae \"MY PACS\"   # quoted: a blank inside",
         ForwardTarget(host: "fd00::9", port: 104, calledAETitle: "MY PACS"), []),
        ("forward 127.0.0.1:65535 peer=127.0.0.1", ForwardTarget(host: "127.0.0.1", port: 65535),
         [.peer(try! AddressPattern(parsing: "127.0.0.1"))]),
    ])
    func parsesAndWritesBackTheSameRule(line: String, target: ForwardTarget, matchers: [RuleMatcher]) throws {
        let rule = try Rule(parsing: line)
        #expect(rule == Rule(action: .forward(target), matchers: matchers))
        #expect(try Rule(parsing: rule.description) == rule, "canonical form \(rule.description)")
    }

    @Test func canonicalForms() throws {
        #expect(try Rule(parsing: "forward  h:1   called-ae  X  called=Y").description == "forward h:1 called-ae X called=Y")
        #expect(try Rule(parsing: "forward [::1]:104").description == "forward [::1]:104")
        #expect(try Rule(parsing: #"forward h:1 called-ae "A\"B""#).description == #"forward h:1 called-ae "A\"B""#)
    }

    @Test(arguments: [
        ("forward", 8, "HOST:PORT after forward"),
        ("forward pacs", 9, "HOST:PORT ([IPv6]:PORT) with a port 1…65535"),
        ("forward pacs:0", 9, "with a port 1…65535"),
        ("forward pacs:65536", 9, "with a port 1…65535"),
        ("forward :104", 9, "HOST:PORT"),
        ("forward fd00::9:104", 9, "HOST:PORT"),
        ("forward pacs:104 called-ae", 27, "an AE title after called-ae"),
        ("forward pacs:104 called-ae ABCDEFGHIJKLMNOPQ", 28, "an AE title (PS3.5"),
        ("forward pacs:104 called-ae \"\"", 29, "an AE title (PS3.5"),
        ("forward pacs:104 host=a", 18, "one of calling=, called="),
    ])
    func errorsNameLineColumnAndExpectation(line: String, column: Int, expected: String) {
        do {
            _ = try RuleSet(parsing: "# header\n\(line)\n", file: "tap.rules")
            Issue.record("\(line) parsed")
        } catch {
            #expect(error.line == 2, "\(error)")
            #expect(error.column == column, "\(error)")
            #expect(error.expected.contains(expected), "\(error)")
        }
    }

    @Test func firstMatchPicksTheUpstream() throws {
        let set = try RuleSet(parsing: """
        forward 10.0.0.9:104 calling=CT*
        forward 10.0.0.10:104 called-ae ARCHIVE
        """)
        let ct = RuleSetTests.context(calling: "CT1")
        let mr = RuleSetTests.context(calling: "MR1")
        #expect(set.decide(for: ct)?.action == .forward(ForwardTarget(host: "10.0.0.9", port: 104)))
        #expect(set.decide(for: mr)?.action
            == .forward(ForwardTarget(host: "10.0.0.10", port: 104, calledAETitle: "ARCHIVE")))
        #expect(DecisionSource.verdict(.forward(ForwardTarget(host: "h", port: 1))) == .forward(ForwardTarget(host: "h", port: 1)))
    }

    /// The fuzzer's seed rules files still parse (`crlf-bom.rules` is a seed for the error path: it must still
    /// fail with a located error, not parse), and write back to the same rules.
    @Test func fuzzSeedsStillParse() throws {
        let seeds = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Fuzz/Seeds/RuleParser")
        let files = try FileManager.default.contentsOfDirectory(atPath: seeds.path).sorted()
        #expect(files == ["crlf-bom.rules", "mixed.rules", "site.rules", "tap.rules"])
        for file in files {
            let text = try String(contentsOf: seeds.appendingPathComponent(file), encoding: .utf8)
            do {
                let set = try RuleSet(parsing: text, file: file)
                #expect(file != "crlf-bom.rules")
                #expect(try RuleSet(parsing: set.description).rules == set.rules, "\(file)")
                if file == "tap.rules" { #expect(set.rules.filter { if case .forward = $0.action { true } else { false } }.count == 3) }
            } catch {
                #expect(file == "crlf-bom.rules", "\(file): \(error)")
            }
        }
    }
}
