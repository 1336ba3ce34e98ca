import Foundation
import Testing
@testable import AssociationEngine

/// Values in a `--rules` file that can never match what PS3.5 allows on the wire are parse errors (AE titles:
/// 16 ASCII characters without backslash or control characters; UIDs: digits and dots), and rules that can never
/// decide anything are reported.
@Suite struct RuleValueTests {
    @Test(arguments: [
        ("accept calling=ÄRZTE", 16, "AE title"),
        ("accept called=ABCDEFGHIJKLMNOPQ", 15, "at most 16"),
        ("accept calling=ABCDEFGHIJKLMNOPQ*", 16, "at most 16"),
        (#"accept calling="A\\B""#, 17, "backslash"),
        ("accept calling=\"A\tB\"", 17, "control character"),
        ("accept called=MOD\u{7F}", 15, "control character"),
        ("accept abstract=1.2.840.10008.5.1.4.1.1.2x", 17, "a UID"),
        ("accept abstract=CTImageStorage", 17, "a UID"),
        ("accept abstract=1.2..3", 17, "a UID"),
        ("accept abstract=1.2.840.*.3*", 17, "a prefix ending in"),
        ("accept abstract=1.2.abc*", 17, "a UID prefix"),
    ])
    func valuesOutsideTheirVRAreParseErrors(line: String, column: Int, expected: String) {
        do {
            _ = try RuleSet(parsing: "\(line)\n", file: "r.txt")
            Issue.record("\(line) parsed")
        } catch {
            #expect(error.line == 1)
            #expect(error.column == column, "\(error)")
            #expect(error.expected.contains(expected), "\(error)")
        }
    }

    @Test(arguments: ["accept calling=\"\"", "accept calling=*", "accept calling=MOD*", "accept called=\" ASSOCMON \"",
                      "accept calling=ABCDEFGHIJKLMNOP", "accept abstract=1.2.840.10008.5.1.4.1.1.*",
                      "accept abstract=1.2.840.10008.1.1", "accept abstract=*"])
    func valuesWithinTheirVRParse(line: String) throws {
        _ = try Rule(parsing: line)
    }

    @Test func repeatedAndShadowedRulesAreReported() throws {
        let set = try RuleSet(parsing: """
        accept calling=MOD1 peer=10.0.0.0/8
        reject 1/1/3 calling=BAD
        # a comment
        reject peer=10.0.0.0/8 calling=MOD1
        ask calling=BAD abstract=1.2.840.10008.1.1
        accept calling=OTHER
        """)
        #expect(set.shadowedRules == [
            "line 4 (reject 1/1/1 peer=10.0.0.0/8 calling=MOD1) never decides anything: line 1 "
                + "(accept calling=MOD1 peer=10.0.0.0/8) has the same conditions and comes first",
            "line 5 (ask calling=BAD abstract=1.2.840.10008.1.1) never decides anything: line 2 "
                + "(reject 1/1/3 calling=BAD) matches every request it matches and comes first",
        ])
        #expect(try RuleSet(parsing: "accept calling=A\naccept calling=B\n").shadowedRules.isEmpty)
        #expect(try RuleSet(parsing: "ask\naccept calling=B\n").shadowedRules.count == 1)
    }

    @Test func binaryRefusesABadRulesFileAndWarnsAboutShadowedRules() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("assocmon-rules-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let bad = directory.appendingPathComponent("bad.rules").path
        try "accept calling=ABCDEFGHIJKLMNOPQ\n".write(toFile: bad, atomically: true, encoding: .utf8)
        let refused = try HeadlessTests.Running(["--bind", "127.0.0.1", "--port", "0", "--no-store", "--rules", bad])
        #expect(await refused.waitForExit(.seconds(5)) == 64)
        #expect(refused.stderr.contains("cannot use --rules \(bad): \(bad):1:16: expected an AE title"),
                "\(refused.stderr)")
        let unsavable = directory.appendingPathComponent("missing/new.rules").path
        let nowhere = try HeadlessTests.Running(["--bind", "127.0.0.1", "--port", "0", "--no-store",
                                                 "--rules", unsavable])
        #expect(await nowhere.waitForExit(.seconds(5)) == 64)
        #expect(nowhere.stderr.contains("cannot use --rules \(unsavable): the directory"), "\(nowhere.stderr)")
        let repeated = directory.appendingPathComponent("repeated.rules").path
        try "accept calling=MOD1\naccept calling=MOD1\n".write(toFile: repeated, atomically: true, encoding: .utf8)
        let running = try HeadlessTests.Running(["--bind", "127.0.0.1", "--port", "0", "--no-store",
                                                 "--rules", repeated])
        #expect(await running.waitForLine(containing: #""event":"listening""#) != nil, "a shadowed rule is no error")
        #expect(running.stderr.contains("--rules \(repeated): line 2 (accept calling=MOD1) never decides anything"),
                "\(running.stderr)")
        running.process.signal(SIGTERM)
        #expect(await running.waitForExit() == 0)
    }

    @Test func rememberingAPeerWithAnInvalidTitleKeepsTheFileReadable() throws {
        let rule = try #require(Rule.remembering(.accept, callingAETitle: "ÄRZTE\\1", peer: "10.0.0.5:4711"))
        #expect(rule.description == "accept peer=10.0.0.5")
        #expect(try Rule(parsing: rule.description) == rule)
    }
}
