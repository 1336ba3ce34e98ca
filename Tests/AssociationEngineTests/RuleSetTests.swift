import Foundation
import Testing
@testable import AssociationEngine

/// `--rules FILE`: syntax, matchers, first match wins, errors naming line and column, save/load round trip.
@Suite struct RuleSetTests {
    static let ct = "1.2.840.10008.5.1.4.1.1.2"
    static let verification = "1.2.840.10008.1.1"

    static func context(calling: String = "MODALITY1", called: String = "ASSOCMON", peer: String = "10.1.2.3:50312",
                        abstract: [String] = [verification], subject: String? = nil) -> RuleContext {
        RuleContext(callingAETitle: calling, calledAETitle: called, peer: peer, abstractSyntaxes: abstract,
                    peerCertificateSubject: subject)
    }

    static let example = """
    # Modalities on the imaging VLAN may store.
    accept calling=MODALITY1 peer=10.0.0.0/8

    reject 1/1/3 calling=* called=OTHER   # not our AE title
    ask abstract=1.2.840.10008.5.1.4.1.1.2
    reject 2/3/1 peer=127.0.0.1
    accept subject="CN=Trusted Modality"
    """

    @Test func parsesTheDocumentedExample() throws {
        let set = try RuleSet(parsing: Self.example)
        #expect(set.rules == [
            Rule(action: .accept, matchers: [.callingAETitle(.exact("MODALITY1")),
                                             .peer(try AddressPattern(parsing: "10.0.0.0/8"))]),
            Rule(action: .reject(.callingAETitleNotRecognized), matchers: [.callingAETitle(.any),
                                                                           .calledAETitle(.exact("OTHER"))]),
            Rule(action: .ask, matchers: [.abstractSyntax(.exact(Self.ct))]),
            Rule(action: .reject(.temporaryCongestion), matchers: [.peer(try AddressPattern(parsing: "127.0.0.1"))]),
            Rule(action: .accept, matchers: [.subject("CN=Trusted Modality")]),
        ])
    }

    @Test func firstMatchWinsAndReportsItsLine() throws {
        let set = try RuleSet(parsing: Self.example)
        let a = set.decide(for: Self.context())
        #expect(a?.action == .accept)
        #expect(a?.line == 2)
        // MODALITY1 but from outside 10/8, called OTHER: the reject on line 4 wins over the ask on line 5.
        let b = set.decide(for: Self.context(called: "OTHER", peer: "192.168.1.1:4000", abstract: [Self.ct]))
        #expect(b?.action == .reject(.callingAETitleNotRecognized))
        #expect(b?.line == 4)
        let c = set.decide(for: Self.context(calling: "X", peer: "127.0.0.1:1", abstract: [Self.verification, Self.ct]))
        #expect(c?.action == .ask)
        #expect(c?.line == 5)
        let d = set.decide(for: Self.context(calling: "X", peer: "127.0.0.1:1"))
        #expect(d?.line == 6)
        #expect(set.decide(for: Self.context(calling: "X", peer: "192.168.0.1:1")) == nil)
        #expect(set.decide(for: Self.context(calling: "X", peer: "192.168.0.1:1",
                                             subject: "C=DE, cn=trusted modality, O=H"))?.line == 7)
    }

    @Test func aeTitleMatchersTrimAndAreCaseSensitive() throws {
        let exact = try Rule(parsing: "accept calling=STORESCU")
        #expect(exact.matches(Self.context(calling: "  STORESCU  ")))
        #expect(!exact.matches(Self.context(calling: "storescu")))
        #expect(!exact.matches(Self.context(calling: "STORESCU2")))
        let prefix = try Rule(parsing: "accept called=ASSOC*")
        #expect(prefix.matches(Self.context(called: "ASSOCMON")))
        #expect(prefix.matches(Self.context(called: "ASSOC")))
        #expect(!prefix.matches(Self.context(called: "XASSOC")))
        let any = try Rule(parsing: "accept calling=*")
        #expect(any.matches(Self.context(calling: "")))
        let blank = try Rule(parsing: "reject calling=\"\"")
        #expect(blank.matches(Self.context(calling: "                ")))
        #expect(!blank.matches(Self.context(calling: "A")))
        let spaced = try Rule(parsing: "accept calling=\"MY AE\"")
        #expect(spaced.matches(Self.context(calling: "MY AE ")))
    }

    @Test func abstractSyntaxMatchesAnyProposedContext() throws {
        let rule = try Rule(parsing: "ask abstract=1.2.840.10008.5.1.4.1.1.*")
        #expect(rule.matches(Self.context(abstract: [Self.verification, Self.ct])))
        #expect(!rule.matches(Self.context(abstract: [Self.verification])))
        #expect(!rule.matches(Self.context(abstract: [])))
    }

    @Test func subjectNeverMatchesPlainTCP() throws {
        let rule = try Rule(parsing: "accept subject=Hospital")
        #expect(!rule.matches(Self.context(subject: nil)))
        #expect(rule.matches(Self.context(subject: "CN=ct1,O=HOSPITAL")))
    }

    @Test(arguments: [
        ("10.0.0.0/8", "10.255.255.255:1", true), ("10.0.0.0/8", "11.0.0.0:1", false),
        ("10.1.2.3/8", "10.9.9.9", true),  // host bits cleared
        ("0.0.0.0/0", "203.0.113.9:104", true), ("0.0.0.0/0", "[::1]:104", false),
        ("192.168.1.7/32", "192.168.1.7:5", true), ("192.168.1.7", "192.168.1.8:5", false),
        ("192.168.1.128/25", "192.168.1.127", false), ("192.168.1.128/25", "192.168.1.200", true),
        ("::1", "[::1]:11112", true), ("::1", "127.0.0.1:1", false), ("::/0", "[2001:db8::1]:1", true),
        ("2001:db8::/32", "[2001:db8:ffff::1]:9", true), ("2001:db8::/32", "[2001:db9::1]:9", false),
        ("fe80::/10", "fe80::1%eth0", true), ("fe80::/10", "febf::1", true), ("fe80::/10", "fec0::1", false),
        ("10.0.0.0/8", "[::ffff:10.1.1.1]:5", true),  // dual-stack peer
        ("::ffff:10.0.0.0/104", "10.2.3.4:5", true), ("::ffff:10.0.0.0/104", "11.2.3.4:5", false),
        ("*", "not-an-address", true), ("10.0.0.0/8", "modality.example", false),
        ("2001:db8::1/128", "[2001:db8::1]:7", true), ("2001:db8::1/127", "[2001:db8::]:7", true),
    ])
    func peerPatterns(pattern: String, peer: String, matches: Bool) throws {
        #expect(try AddressPattern(parsing: pattern).matches(peer) == matches)
    }

    @Test(arguments: ["10.0.0.0/33", "::/129", "10.0.0.0/", "10.0.0.0/-1", "10.0.0/8", "host.example", "10.0.0.0/8/8",
                      "1.2.3.4/ 8", "::ffff:10.0.0.0/95", "fe80::1%eth0/64"])
    func invalidPeerPatternsAreParseErrors(pattern: String) {
        #expect(throws: RuleParseError.self) { _ = try Rule(parsing: "accept peer=\(pattern)") }
    }

    @Test(arguments: ["1/1/1", "1/1/2", "1/1/3", "1/1/7", "2/1/1", "1/2/1", "2/2/2", "2/3/1", "2/3/2", "1/3/2"])
    func everyDefinedTripleParses(triple: String) throws {
        let rule = try Rule(parsing: "reject \(triple)")
        #expect(rule.description == "reject \(triple)")
    }

    @Test(arguments: ["0/1/1", "3/1/1", "1/1/4", "1/1/0", "1/2/3", "1/3/0", "1/3/3", "1/4/1", "1/1", "1/1/1/1",
                      "1//1", "1/1/x", "01/1/1000"])
    func undefinedTriplesAreRejectedWithTheirColumn(triple: String) {
        do {
            _ = try RuleSet(parsing: "accept\n  reject \(triple) calling=A\n")
            Issue.record("\(triple) parsed")
        } catch {
            #expect(error.line == 2)
            #expect(error.column == 10)
            #expect(error.expected.contains("Table 9-21"))
            #expect(error.found == "\"\(triple)\"")
        }
    }

    @Test func bareRejectMeansNoReasonGiven() throws {
        #expect(try Rule(parsing: "reject calling=X").action == .reject(.noReasonGiven))
    }

    @Test(arguments: [
        ("allow calling=A", 1, "accept, reject, ask or forward"),
        ("accept calling", 8, "key=value"),
        ("accept calling= peer=1.2.3.4", 16, "a value after"),
        ("accept calling=", 16, "a value after"),
        ("accept host=a", 8, "one of calling=, called="),
        ("accept calling=\"A", 16, "a closing quote"),
        ("accept calling=\"A\"B", 19, "a blank after the closing quote"),
        ("accept calling=A*B", 16, "a prefix ending in"),
        ("accept peer=10.0.0.0/40", 22, "a prefix length 0–32"),
        ("accept peer=ten", 13, "an IPv4 or IPv6 address"),
        ("accept subject=\"\"", 17, "a non-empty subject"),
    ])
    func errorsNameLineColumnAndExpectation(line: String, column: Int, expected: String) {
        do {
            _ = try RuleSet(parsing: "# header\n\n\(line)\n", file: "r.txt")
            Issue.record("\(line) parsed")
        } catch {
            #expect(error.line == 3)
            #expect(error.column == column)
            #expect(error.expected.contains(expected))
            #expect(error.description.hasPrefix("r.txt:3:\(column): expected "))
        }
    }

    @Test func commentsAndBlankLinesAreIgnored() throws {
        let set = try RuleSet(parsing: "\n# only comments\n   \n\t# indented\r\n")
        #expect(set.rules.isEmpty)
        #expect(set.decide(for: Self.context()) == nil)
        #expect(try RuleSet(parsing: "\u{FEFF}accept calling=A\r\nask\r\n").rules == [
            Rule(action: .accept, matchers: [.callingAETitle(.exact("A"))]), Rule(action: .ask)])
        let withComment = try Rule(parsing: "accept calling=A#B # trailing")
        #expect(withComment.matchers == [.callingAETitle(.exact("A#B"))])
    }

    @Test func descriptionRoundTrips() throws {
        let rules = [
            Rule(action: .accept, matchers: [.callingAETitle(.exact("MY AE")), .calledAETitle(.prefix("ASSOC")),
                                             .peer(try AddressPattern(parsing: "fd00::/8"))]),
            Rule(action: .reject(RejectTriple(result: 2, source: 2, reason: 2)!),
                 matchers: [.subject("CN=\"quoted\" \\ back"), .abstractSyntax(.any)]),
            Rule(action: .ask, matchers: [.callingAETitle(.exact("")), .calledAETitle(.exact("#hash"))]),
            Rule(action: .accept),
        ]
        for rule in rules {
            #expect(try Rule(parsing: rule.description) == rule, "\(rule.description)")
        }
        #expect(rules[0].description == "accept calling=\"MY AE\" called=ASSOC* peer=fd00::/8")
    }

    @Test func appendSaveAndLoadKeepCommentsAndOrder() throws {
        var set = try RuleSet(parsing: Self.example)
        let remembered = try #require(Rule.remembering(.accept, callingAETitle: "NEWMOD ", peer: "[2001:db8::5]:4711"))
        #expect(remembered.description == "accept calling=NEWMOD peer=2001:db8::5")
        #expect(set.append(remembered) == 8)
        let directory = NSTemporaryDirectory() + "assocmon-rules-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/rules.txt"
        try set.save(to: path)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text == Self.example + "\n" + remembered.description + "\n")
        let loaded = try RuleSet.load(from: path)
        #expect(loaded == set)
        #expect(loaded.decide(for: Self.context(calling: "NEWMOD", peer: "[2001:db8::5]:1"))?.line == 8)
        // Only the saved file remains: no temporary left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["rules.txt"])
    }

    @Test func savingIntoAMissingDirectoryFailsCleanly() {
        let set = RuleSet(rules: [Rule(action: .accept)])
        #expect(throws: RuleFileError.self) { try set.save(to: "/nonexistent-assocmon-dir/rules.txt") }
        #expect(throws: RuleFileError.self) { _ = try RuleSet.load(from: "/nonexistent-assocmon-dir/rules.txt") }
    }
}
