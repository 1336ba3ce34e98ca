import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The ordered rules of a `--rules FILE`: the first rule that matches an A-ASSOCIATE-RQ decides it.
///
/// ## Syntax
/// One rule per line; blank lines and `#` comments (a whole line, or after a blank at the end of a rule) are
/// ignored but kept when the file is saved again.
/// ```
/// rule    := action matcher*
/// action  := "accept" | "ask" | "reject" [result "/" source "/" reason]     (default triple 1/1/1)
///          | "forward" host ":" port ["called-ae" aetitle]                (tap mode; decision by --policy)
/// matcher := key "=" value        all matchers of a rule must match; a rule without matchers matches all
/// key     := "calling" | "called" | "peer" | "abstract" | "subject"
/// value   := bare text up to a blank | "\"" text with \" and \\ escapes "\""
/// ```
/// - `calling=`, `called=`: AE titles (PS3.8 Table 9-11), trimmed, case-sensitive; `*` matches any (even blank),
///   `FOO*` any title starting with `FOO`, `""` a blank title.
/// - `peer=`: `10.0.0.7`, `10.0.0.0/8`, `::1`, `fd00::/8` or `*`; IPv4 peers seen through a dual-stack socket
///   (`::ffff:10.0.0.7`) match IPv4 patterns.
/// - `abstract=`: matches if *any* proposed presentation context has this abstract syntax UID (`*` and prefix
///   `1.2.840.10008.5.1.4.1.1.*` allowed).
/// - `subject=`: case-insensitive substring of the TLS client certificate subject; never matches plain TCP.
/// - The reject triple must be one PS3.8 Table 9-21 defines: result 1 (permanent) or 2 (transient); source 1 with
///   reason 1, 2, 3 or 7; source 2 with reason 1 or 2; source 3 with reason 1 or 2.
///
/// ```
/// # Modalities on the imaging VLAN may store.
/// accept calling=MODALITY* peer=10.20.0.0/16
/// reject 1/1/3 calling=* called=OTHER          # not our AE title
/// ask abstract=1.2.840.10008.5.1.4.1.1.2       # CT: let a person look
/// reject 2/3/1 peer=127.0.0.1
/// accept subject="CN=Trusted Modality"
/// ```
/// A parse error names the line, the column and what was expected (`RuleParseError`).
///
/// A value type: the engine keeps it under its own lock or actor, calls `decide(for:)` for each request, and
/// `append(_:)` / `save(to:)` for "remember this decision" commands.
public struct RuleSet: Sendable, Equatable, CustomStringConvertible {
    /// One line of the file: a rule (with its original text, when read from a file) or anything else, verbatim.
    enum Entry: Sendable, Equatable {
        case rule(Rule, text: String?)
        case other(String)
    }

    var entries: [Entry]

    public init(rules: [Rule] = []) {
        entries = rules.map { .rule($0, text: nil) }
    }

    /// Parses a whole rules file; `file` only names it in errors.
    public init(parsing text: String, file: String? = nil) throws(RuleParseError) {
        // A byte order mark some editors write is not part of the first rule.
        let text = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
        // "\r\n" is a single Character in Swift, so CRLF files need both separators.
        let isNewline: (Character) -> Bool = { $0 == "\n" || $0 == "\r\n" }
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: isNewline).map(String.init)
        if let last = text.last, isNewline(last) { lines.removeLast() }
        entries = []
        for (index, var line) in lines.enumerated() {
            // Carriage returns before a line's end are line-end debris ("\r\r\n"), not part of its last value: kept,
            // a saved file would merge the last one with the newline and read back differently.
            while line.hasSuffix("\r") { line.removeLast() }
            do {
                if let rule = try RuleParser.parseLine(line, lineNumber: index + 1) {
                    entries.append(.rule(rule, text: line))
                } else {
                    entries.append(.other(line))
                }
            } catch {
                var e = error
                e.file = file
                throw e
            }
        }
    }

    /// Two rule sets are equal when they would write the same file.
    public static func == (lhs: RuleSet, rhs: RuleSet) -> Bool { lhs.description == rhs.description }

    /// Reads and parses `path`. Throws `RuleFileError` when it cannot be read, `RuleParseError` when it does not
    /// parse.
    public static func load(from path: String) throws -> RuleSet {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw RuleFileError(path: path, operation: "read", errno: errno)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw RuleParseError(file: path, line: 1, column: 1, expected: "UTF-8 text", found: "other bytes")
        }
        return try RuleSet(parsing: text, file: path)
    }

    /// The rules in order.
    public var rules: [Rule] {
        entries.compactMap { if case .rule(let r, _) = $0 { r } else { nil } }
    }

    /// Rules that can never decide anything, one sentence each starting with the line: an earlier rule's
    /// conditions are all among theirs (a repeated rule, or one after a broader rule), so the earlier rule matches
    /// every request they would and, first match winning, decides it. Not an error (the file still means what it
    /// says), but almost always a mistake worth a warning.
    public var shadowedRules: [String] {
        var earlier: [(line: Int, rule: Rule, conditions: Set<RuleMatcher>)] = []
        var found: [String] = []
        for (index, entry) in entries.enumerated() {
            guard case .rule(let rule, _) = entry else { continue }
            let conditions = Set(rule.matchers)
            if let first = earlier.first(where: { $0.conditions.isSubset(of: conditions) }) {
                let how = first.conditions == conditions ? "has the same conditions" : "matches every request it matches"
                found.append("line \(index + 1) (\(rule)) never decides anything: line \(first.line) (\(first.rule)) "
                    + "\(how) and comes first")
            }
            earlier.append((index + 1, rule, conditions))
        }
        return found
    }

    /// The first rule matching `context`, or `nil` when none does (then `--policy` decides).
    public func decide(for context: RuleContext) -> RuleDecision? {
        for (index, entry) in entries.enumerated() {
            if case .rule(let rule, _) = entry, rule.matches(context) {
                return RuleDecision(action: rule.action, rule: rule, line: index + 1)
            }
        }
        return nil
    }

    /// Adds `rule` after all others (so earlier rules still win) and returns its line number.
    @discardableResult
    public mutating func append(_ rule: Rule) -> Int {
        entries.append(.rule(rule, text: nil))
        return entries.count
    }

    /// The file text: lines read from a file as they were (comments, spacing), added rules in canonical syntax.
    public var description: String {
        entries.map { entry -> String in
            switch entry {
            case .rule(let rule, let text): text ?? rule.description
            case .other(let text): text
            }
        }.joined(separator: "\n") + (entries.isEmpty ? "" : "\n")
    }

    /// Writes `description` to `path` atomically: a temporary file in the same directory, `fsync`, `rename`, then
    /// an `fsync` of the directory. A reader (or a crash) sees the old file or the new one, never a mix.
    public func save(to path: String) throws(RuleFileError) {
        let directory = (path as NSString).deletingLastPathComponent
        let temporary = (directory.isEmpty ? "." : directory) + "/." + (path as NSString).lastPathComponent
            + ".\(UUID().uuidString).tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw RuleFileError(path: temporary, operation: "create", errno: errno) }
        let bytes = Array(description.utf8)
        var failure: RuleFileError?
        if let e = bytes.withUnsafeBytes({ POSIXFile.writeAll(fd, $0) }) {
            failure = RuleFileError(path: temporary, operation: "write", errno: e)
        } else if let e = POSIXFile.fsyncRetrying(fd) {
            failure = RuleFileError(path: temporary, operation: "fsync", errno: e)
        }
        close(fd)
        if failure == nil, rename(temporary, path) != 0 {
            failure = RuleFileError(path: path, operation: "rename", errno: errno)
        }
        if let failure {
            unlink(temporary)
            throw failure
        }
        let dfd = open(directory.isEmpty ? "." : directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dfd >= 0 {
            _ = POSIXFile.fsyncRetrying(dfd)
            close(dfd)
        }
    }
}
