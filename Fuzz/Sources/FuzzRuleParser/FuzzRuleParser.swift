import AssociationEngine
import FuzzSupport

/// The input is a `--rules` file. Whatever parses writes itself back (`description`) to a file that parses to
/// the same rules, and each rule's canonical form parses to an equal rule — what "remember" and `save-rules`
/// rely on. Shadowed-rule analysis yields a value.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRuleParser(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let text = String(decoding: bytes(data, size), as: UTF8.self)
    let set: RuleSet
    do {
        set = try RuleSet(parsing: text, file: "fuzz.rules")
    } catch {
        _ = error.description
        return 0
    }
    _ = set.shadowedRules
    do {
        let again = try RuleSet(parsing: set.description)
        require(again.rules == set.rules, "a saved rules file parses to other rules:\n\(set.description)")
    } catch {
        require(false, "a saved rules file does not parse: \(error)\n\(set.description)")
    }
    for rule in set.rules {
        do {
            let canonical = try Rule(parsing: rule.description)
            require(canonical == rule, "rule \(rule.description) parses to \(canonical.description)")
        } catch {
            require(false, "the canonical form \(rule.description) of a rule does not parse: \(error)")
        }
    }
    return 0
}

@_cdecl("FuzzRuleParser_main")
public func fuzzRuleParserMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzzRuleParser)
}
