import DICOMUpperLayer

/// The line parser behind `RuleSet(parsing:)` and `Rule(parsing:)`; see `RuleSet` for the grammar.
enum RuleParser {
    static let tripleExpectation = "a PS3.8 Table 9-21 triple result/source/reason (result 1 or 2; source 1 "
        + "with reason 1, 2, 3 or 7; source 2 with reason 1 or 2; source 3 with reason 1 or 2)"

    /// A rule, or `nil` for a blank or comment line.
    static func parseLine(_ text: String, lineNumber: Int) throws(RuleParseError) -> Rule? {
        var scanner = Scanner(characters: Array(text), line: lineNumber)
        guard let (actionWord, actionColumn) = scanner.bareWord() else { return nil }
        let action: RuleAction
        switch actionWord {
        case "accept": action = .accept
        case "ask": action = .ask
        case "reject":
            if let (token, column) = scanner.peekBareWord(), token.first?.isASCIIDigit == true {
                _ = scanner.bareWord()
                action = .reject(try parseTriple(token, column: column, line: lineNumber))
            } else {
                action = .reject(.noReasonGiven)
            }
        case "forward":
            action = .forward(try parseForward(&scanner, line: lineNumber))
        default:
            throw RuleParseError(line: lineNumber, column: actionColumn, expected: "accept, reject, ask or forward",
                                 found: quoted(actionWord))
        }
        var matchers: [RuleMatcher] = []
        while let (key, keyColumn) = try scanner.key() {
            let (value, valueColumn) = try scanner.value()
            matchers.append(try matcher(key: key, keyColumn: keyColumn, value: value, valueColumn: valueColumn,
                                        line: lineNumber))
        }
        return Rule(action: action, matchers: matchers)
    }

    /// `HOST:PORT` and an optional `called-ae AE` after `forward`.
    static func parseForward(_ scanner: inout Scanner, line: Int) throws(RuleParseError) -> ForwardTarget {
        guard let (address, column) = scanner.bareWord() else {
            throw RuleParseError(line: line, column: scanner.column, expected: "HOST:PORT after forward",
                                 found: "end of line")
        }
        guard var target = ForwardTarget(address: address) else {
            throw RuleParseError(line: line, column: column,
                                 expected: "HOST:PORT ([IPv6]:PORT) with a port 1…65535", found: quoted(address))
        }
        guard scanner.peekBareWord()?.0 == "called-ae" else { return target }
        _ = scanner.bareWord()
        guard !scanner.atEnd() else {
            throw RuleParseError(line: line, column: scanner.column, expected: "an AE title after called-ae",
                                 found: "end of line")
        }
        let (title, titleColumn) = try scanner.value()
        if let problem = title.isEmpty ? "is empty" : AETitleSyntax.problem(title) {
            throw RuleParseError(line: line, column: titleColumn,
                                 expected: "an AE title (PS3.5: 1 to 16 ASCII characters, no backslash or control "
                                     + "character); this one " + problem, found: quoted(title))
        }
        target.calledAETitle = title
        return target
    }

    static func parseTriple(_ token: String, column: Int, line: Int) throws(RuleParseError) -> RejectTriple {
        let parts = token.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty && $0.count <= 3 && $0.allSatisfy(\.isASCIIDigit) }),
              let r = Int(parts[0]), let s = Int(parts[1]), let d = Int(parts[2]),
              let triple = RejectTriple(result: r, source: s, reason: d) else {
            throw RuleParseError(line: line, column: column, expected: tripleExpectation, found: quoted(token))
        }
        return triple
    }

    static func matcher(key: String, keyColumn: Int, value: String, valueColumn: Int,
                        line: Int) throws(RuleParseError) -> RuleMatcher {
        func pattern() throws(RuleParseError) -> TextPattern {
            guard let p = TextPattern(value) else {
                throw RuleParseError(line: line, column: valueColumn,
                                     expected: "a value, \"*\" or a prefix ending in \"*\" (no other \"*\")",
                                     found: quoted(value))
            }
            return p
        }
        func aeTitle() throws(RuleParseError) -> TextPattern {
            let p = try pattern()
            if let problem = problem(aeTitlePattern: p) {
                throw RuleParseError(line: line, column: valueColumn,
                                     expected: "an AE title (PS3.5: at most 16 ASCII characters, no backslash or "
                                         + "control character), \"*\" or a prefix ending in \"*\"; this one "
                                         + problem, found: quoted(value))
            }
            return p
        }
        func uid() throws(RuleParseError) -> TextPattern {
            let p = try pattern()
            guard isValid(uidPattern: p) else {
                throw RuleParseError(line: line, column: valueColumn,
                                     expected: "a UID (PS3.5 §9.1: digits and dots, at most 64 characters), \"*\" "
                                         + "or a UID prefix ending in \"*\"", found: quoted(value))
            }
            return p
        }
        switch key {
        case "calling": return .callingAETitle(try aeTitle())
        case "called": return .calledAETitle(try aeTitle())
        case "abstract": return .abstractSyntax(try uid())
        case "peer":
            do {
                return .peer(try AddressPattern(parsing: value))
            } catch {
                throw RuleParseError(line: line, column: valueColumn + error.offset, expected: error.message,
                                     found: quoted(error.found))
            }
        case "subject":
            guard !value.isEmpty else {
                throw RuleParseError(line: line, column: valueColumn, expected: "a non-empty subject substring",
                                     found: "\"\"")
            }
            return .subject(value)
        default:
            throw RuleParseError(line: line, column: keyColumn,
                                 expected: "one of " + RuleMatcher.keys.map { $0 + "=" }.joined(separator: ", "),
                                 found: quoted(key))
        }
    }

    static func quoted(_ s: String) -> String { "\"" + s + "\"" }

    /// Why an AE title pattern can never match a valid AE title (PS3.5 AE VR), or `nil`. A blank title (`""`)
    /// is allowed: it matches requests whose title field is all spaces.
    static func problem(aeTitlePattern pattern: TextPattern) -> String? {
        switch pattern {
        case .any: nil
        case .exact(let title): title.isEmpty ? nil : AETitleSyntax.problem(title)
        case .prefix(let prefix): prefix.isEmpty ? nil : AETitleSyntax.problem(prefix)
        }
    }

    /// `true` when a UID pattern can match a valid UID: an exact one is a valid UID, a prefix holds only digits
    /// and dots and is shorter than 64 characters.
    static func isValid(uidPattern pattern: TextPattern) -> Bool {
        switch pattern {
        case .any: true
        case .exact(let uid): UIDSyntax.isValid(uid)
        case .prefix(let prefix): prefix.count < 64 && prefix.allSatisfy { $0 == "." || $0.isASCIIDigit }
        }
    }

    /// Character-level scanning of one line; columns are 1-based.
    struct Scanner {
        let characters: [Character]
        let line: Int
        var index = 0

        init(characters: [Character], line: Int) {
            // A trailing carriage return (a file saved with CRLF) is not part of the rule.
            var c = characters
            if c.last == "\r" { c.removeLast() }
            self.characters = c
            self.line = line
        }

        var column: Int { index + 1 }

        /// Skips blanks; `true` when the line (or a `#` comment starting here) ends.
        mutating func atEnd() -> Bool {
            while index < characters.count, characters[index] == " " || characters[index] == "\t" { index += 1 }
            return index >= characters.count || characters[index] == "#"
        }

        mutating func bareWord() -> (String, Int)? {
            guard !atEnd() else { return nil }
            let start = index
            while index < characters.count, characters[index] != " ", characters[index] != "\t" { index += 1 }
            return (String(characters[start..<index]), start + 1)
        }

        mutating func peekBareWord() -> (String, Int)? {
            var copy = self
            return copy.bareWord()
        }

        /// `key` up to `=`; `nil` at the end of the line.
        mutating func key() throws(RuleParseError) -> (String, Int)? {
            guard !atEnd() else { return nil }
            let start = index
            while index < characters.count, characters[index].isLetter { index += 1 }
            let key = String(characters[start..<index])
            guard index < characters.count, characters[index] == "=", !key.isEmpty else {
                var end = index
                while end < characters.count, characters[end] != " ", characters[end] != "\t" { end += 1 }
                throw RuleParseError(line: line, column: start + 1,
                                     expected: "key=value with key one of "
                                         + RuleMatcher.keys.joined(separator: ", "),
                                     found: RuleParser.quoted(String(characters[start..<end])))
            }
            index += 1
            return (key, start + 1)
        }

        /// A bare value up to a blank, or a `"quoted value"` with `\"` and `\\` escapes.
        mutating func value() throws(RuleParseError) -> (String, Int) {
            let start = index
            guard index < characters.count, characters[index] != " ", characters[index] != "\t" else {
                throw RuleParseError(line: line, column: start + 1, expected: "a value after \"=\" (\"\" for blank)",
                                     found: index < characters.count ? "a blank" : "end of line")
            }
            guard characters[index] == "\"" else {
                while index < characters.count, characters[index] != " ", characters[index] != "\t" { index += 1 }
                return (String(characters[start..<index]), start + 1)
            }
            index += 1
            var value = ""
            while index < characters.count {
                let c = characters[index]
                if c == "\"" {
                    index += 1
                    guard index >= characters.count || characters[index] == " " || characters[index] == "\t" else {
                        throw RuleParseError(line: line, column: index + 1, expected: "a blank after the closing quote",
                                             found: RuleParser.quoted(String(characters[index])))
                    }
                    return (value, start + 2)
                }
                if c == "\\", index + 1 < characters.count, characters[index + 1] == "\"" || characters[index + 1] == "\\" {
                    value.append(characters[index + 1])
                    index += 2
                    continue
                }
                value.append(c)
                index += 1
            }
            throw RuleParseError(line: line, column: start + 1, expected: "a closing quote", found: "end of line")
        }
    }
}
